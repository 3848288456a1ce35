# CloudWatch metrics of a live load balancer, through the aws CLI and the AWS Tools stand-in against
# moto: a planted pattern is put with PutMetricData, read back by Get-AlbMetric, kept by
# Export-AlbSnapshot -MetricWindow, and the offline read of that file must equal the live one. (moto 5.2.1 matches a query's dimensions only in
# the order the data was put with: the data is put in the order the module asks, LoadBalancer first.)
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'Moto/MotoServer.ps1')
    $script:savedEnv = Save-Environment
    Set-MotoCredential
    $script:moto = Start-MotoServer
    $script:scenario = New-MotoScenario $moto
    $script:live = @{ Region = 'us-east-1'; EndpointUrl = $moto.EndpointUrl; Source = 'AwsCli' }
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

    $lb = ($scenario.LoadBalancerArn -split ':loadbalancer/')[1]           # app/web/<id>
    $tg = 'targetgroup/' + ($scenario.TargetGroupArns[0] -split ':targetgroup/')[1]
    # Three minutes of 502s (4, 0 missing, 7) and failed connections to the web group, 20 to 10 minutes ago.
    $now = [datetime]::UtcNow
    $script:minutes = @(20, 15, 10) | ForEach-Object { $t = $now.AddMinutes(-$_); [datetime]::new($t.Year, $t.Month, $t.Day, $t.Hour, $t.Minute, 0, [DateTimeKind]::Utc) }
    $data = @(
        @{ MetricName = 'HTTPCode_ELB_502_Count'; Dimensions = @(@{ Name = 'LoadBalancer'; Value = $lb }); Timestamp = $minutes[0].ToString('o'); Value = 4; Unit = 'Count' }
        @{ MetricName = 'HTTPCode_ELB_502_Count'; Dimensions = @(@{ Name = 'LoadBalancer'; Value = $lb }); Timestamp = $minutes[2].ToString('o'); Value = 7; Unit = 'Count' }
        @{ MetricName = 'TargetConnectionErrorCount'; Dimensions = @(@{ Name = 'LoadBalancer'; Value = $lb }, @{ Name = 'TargetGroup'; Value = $tg }); Timestamp = $minutes[1].ToString('o'); Value = 11; Unit = 'Count' }
    )
    $file = Join-Path $TestDrive 'metric-data.json'
    Set-Content -LiteralPath $file -Value (ConvertTo-Json -InputObject $data -Depth 5)
    Invoke-MotoAws $moto cloudwatch put-metric-data --namespace AWS/ApplicationELB --metric-data "file://$file" | Out-Null
}

AfterAll {
    Stop-MotoServer $moto
    Restore-Environment $savedEnv
}

Describe 'Get-AlbMetric through the aws CLI' {
    It 'reads the planted counts with their times, for the load balancer and its target group' {
        $series = @(Get-AlbMetric -Name web @live -From ([datetime]::UtcNow.AddHours(-1)) -MetricName HTTPCode_ELB_502_Count, TargetConnectionErrorCount -ErrorAction Stop)
        $elb502 = @($series | Where-Object { $_.MetricName -eq 'HTTPCode_ELB_502_Count' -and $_.TargetGroupName -eq '' })
        $elb502 | Should -HaveCount 1
        $elb502[0].Total | Should -Be 11
        $elb502[0].Maximum | Should -Be 7
        $elb502[0].Timestamps | Should -Be @($minutes[0], $minutes[2])
        $elb502[0].LoadBalancerName | Should -Be 'web'
        $connections = @($series | Where-Object { $_.MetricName -eq 'TargetConnectionErrorCount' -and $_.TargetGroupName -eq 'web-tg' -and $_.AvailabilityZone -eq '' })
        $connections | Should -HaveCount 1
        $connections[0].Total | Should -Be 11
    }

    It 'keeps them in the snapshot (Export-AlbSnapshot -MetricWindow), and the file reads back as the live call did' {
        $path = Join-Path $TestDrive 'web-metrics.json'
        Export-AlbSnapshot -Name web @live -MetricWindow '01:00:00' -Path $path -ErrorAction Stop
        (Get-Content -Raw -LiteralPath $path | ConvertFrom-Json).GetMetricData | Should -Not -BeNullOrEmpty
        $offline = @(Get-AlbMetric -Snapshot $path -MetricName HTTPCode_ELB_502_Count | Where-Object TargetGroupName -EQ '')
        $offline | Should -HaveCount 1
        $offline[0].Total | Should -Be 11
        $offline[0].Timestamps | Should -Be @($minutes[0], $minutes[2])

        $diagnosis = Invoke-AlbDiagnosis -Snapshot $path -StatusCode 502
        @($diagnosis.Metrics).Count | Should -BeGreaterThan 0
        $reset = $diagnosis.Findings | Where-Object Id -EQ '502.TargetConnectionReset'
        ($reset.Evidence -join "`n") | Should -Match 'TargetConnectionErrorCount'
    }

    It 'diagnoses live (-MetricWindow) as from the exported file: the same findings, verdicts and evidence' {
        # The file of the test above; the live run's window ends a little later (whole minutes ending
        # now), so only the window's bounds in the evidence may differ: the planted minutes lie in both.
        $path = Join-Path $TestDrive 'web-metrics.json'
        $liveRun = Invoke-AlbDiagnosis -Name web @live -MetricWindow '01:00:00' -StatusCode 502, 504 -ErrorAction Stop
        $offlineRun = Invoke-AlbDiagnosis -Snapshot $path -StatusCode 502, 504 -ErrorAction Stop
        $show = { param($d) @($d.Findings | ForEach-Object { $_.Id + '=' + $_.Verdict + ' | ' + (($_.Evidence -join ' ¶ ') -replace 'in \d{4}-\d\d-\d\d \d\d:\d\d-\d\d:\d\d UTC', 'in <window>') }) }
        $liveLines = & $show $liveRun
        $liveLines | Should -Not -BeNullOrEmpty
        & $show $offlineRun | Should -Be $liveLines
        $offlineRun.Status | Should -Be $liveRun.Status
        # The metrics decided something here, so the comparison covers their verdicts, not only the configuration's.
        ($liveRun.Findings | Where-Object Id -EQ '502.TargetConnectionReset').Verdict | Should -Be 'Likely'
        @($offlineRun.Metrics | ForEach-Object { $_.MetricName + '/' + $_.Statistic + '/' + $_.TargetGroupName + '/' + $_.AvailabilityZone + '=' + $_.Total }) |
            Should -Be @($liveRun.Metrics | ForEach-Object { $_.MetricName + '/' + $_.Statistic + '/' + $_.TargetGroupName + '/' + $_.AvailabilityZone + '=' + $_.Total })
    }

    It 'weighs the snapshot''s metrics in Get-AlbErrorCause as in Invoke-AlbDiagnosis' {
        $path = Join-Path $TestDrive 'web-metrics.json'
        $causes = @(Get-AlbErrorCause -Snapshot $path -StatusCode 502, 504)
        $diagnosis = Invoke-AlbDiagnosis -Snapshot $path -StatusCode 502, 504
        @($causes | ForEach-Object { $_.Id + '=' + $_.Verdict }) | Should -Be @($diagnosis.Findings | ForEach-Object { $_.Id + '=' + $_.Verdict })
        ($causes | Where-Object Id -EQ '502.TargetConnectionReset').Evidence -join "`n" | Should -Match 'TargetConnectionErrorCount \(target group web-tg\): 11'
    }
}

Describe 'Get-AlbMetric through AWS Tools (the stand-in: Get-CWMetricData with SDK-shaped request objects)' {
    BeforeAll {
        Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
        Clear-AwsStandInCall
        $script:tools = @(Get-AlbMetric -Name web -Source AwsTools -Region us-east-1 -EndpointUrl $moto.EndpointUrl -From ([datetime]::UtcNow.AddHours(-1)) -ErrorAction Stop)
        $script:calls = @(Get-AwsStandInCall)
    }
    AfterAll { Remove-Module AwsToolsStandIn -ErrorAction Ignore }

    It 'asks every query of the load balancer in one Get-CWMetricData call, its hashtables bound to the typed queries' {
        @($calls | Where-Object Command -EQ 'Get-CWMetricData') | Should -HaveCount 1
        ($calls | Where-Object Command -EQ 'Get-CWMetricData').Parameters | Should -Contain 'MetricDataQuery'
    }

    It 'reads the same series as the aws CLI' {
        $elb502 = @($tools | Where-Object { $_.MetricName -eq 'HTTPCode_ELB_502_Count' -and $_.TargetGroupName -eq '' })
        $elb502 | Should -HaveCount 1
        $elb502[0].Total | Should -Be 11
        $elb502[0].Timestamps | Should -Be @($minutes[0], $minutes[2])
        (@($tools | Where-Object { $_.MetricName -eq 'TargetConnectionErrorCount' -and $_.TargetGroupName -eq 'web-tg' -and $_.AvailabilityZone -eq '' }))[0].Total | Should -Be 11
    }
}
