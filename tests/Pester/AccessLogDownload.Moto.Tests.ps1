# -AccessLogFrom on a live load balancer: the logs of the window are listed and downloaded from the
# bucket its attributes name, through the aws CLI and through the AWS Tools stand-in, against moto.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'Moto/MotoServer.ps1')
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:savedEnv = Save-Environment 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'PATH'
    Set-MotoCredential
    $script:moto = Start-MotoServer
    $script:scenario = New-MotoScenario $moto
    $script:live = @{ Region = 'us-east-1'; EndpointUrl = $moto.EndpointUrl }
    function script:Invoke-Aws { Invoke-MotoAws $moto @args }

    # web logs to s3://alb-logs/web-logs/ (as the console sets it up); admin's stay off.
    Invoke-Aws s3api create-bucket --bucket alb-logs | Out-Null
    Invoke-Aws elbv2 modify-load-balancer-attributes --load-balancer-arn $scenario.LoadBalancerArn --attributes `
        'Key=access_logs.s3.enabled,Value=true' 'Key=access_logs.s3.bucket,Value=alb-logs' 'Key=access_logs.s3.prefix,Value=web-logs' | Out-Null

    $arn = $scenario.LoadBalancerArn -split ':'
    $script:account = $arn[4]
    $script:webId = ($scenario.LoadBalancerArn -split ':loadbalancer/')[1]          # app/web/<id>
    $adminId = ($scenario.AdminLoadBalancerArn -split ':loadbalancer/')[1]
    $tg = $scenario.TargetGroupArns[0]
    function New-LogLine([datetime] $Time, [string] $Elb, [string] $Codes, [string] $Times) {
        $t = $Time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")
        "https $t $Elb 203.0.113.9:40000 $($scenario.InstanceIps[0]):8080 $Times $Codes 120 300 ""GET https://web.example.com:443/report HTTP/1.1"" ""curl/8.5.0"" " +
        "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 $tg ""Root=1-00000000-000000000000000000000001"" ""web.example.com"" ""-"" 0 $t ""forward"" ""-"" ""-"" " +
        """$($scenario.InstanceIps[0]):8080"" ""-"" ""-"" ""-"" TID_0 ""-"" ""-"" ""-"""
    }
    # One file per 5 minutes, named and placed as AWS does; its lines are in the 5 minutes before its end time.
    # -Folder puts it one key segment deeper (still under the load balancer's key prefix), so two keys can end alike.
    function Publish-LogFile([string] $Elb, [datetime] $End, [int] $Ok, [int] $Timeouts, [string] $Name, [string] $Folder) {
        $lines = @(
            1..$Ok | ForEach-Object { New-LogLine $End.AddSeconds(-10 * $_) $Elb '200 200' '0.000 0.010 0.000' }
            1..$Timeouts | Where-Object { $Timeouts -gt 0 } | ForEach-Object { New-LogLine $End.AddSeconds(-5 * $_) $Elb '504 -' '0.000 -1 -1' })
        if (-not $Name) { $Name = "{0}_elasticloadbalancing_us-east-1_{1}_{2:yyyyMMdd'T'HHmm'Z'}_10.20.1.10_{3}.log.gz" -f $account, ($Elb -replace '/', '.'), $End, [guid]::NewGuid().ToString('N').Substring(0, 8) }
        $local = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $gz = [IO.Compression.GZipStream]::new([IO.File]::Create($local), [IO.Compression.CompressionLevel]::Optimal)
        $bytes = [Text.Encoding]::UTF8.GetBytes(($lines -join "`n") + "`n")
        $gz.Write($bytes, 0, $bytes.Length); $gz.Dispose()
        $key = 'web-logs/AWSLogs/{0}/elasticloadbalancing/us-east-1/{1:yyyy/MM/dd}/{2}{3}' -f $account, $End, $Folder, $Name
        Invoke-Aws s3api put-object --bucket alb-logs --key $key --body $local | Out-Null
    }
    $now = [datetime]::UtcNow
    $lastEnd = [datetime]::new($now.Ticks - $now.Ticks % [timespan]::FromMinutes(5).Ticks, [DateTimeKind]::Utc)
    Publish-LogFile $webId $lastEnd 20 3                    # in the window
    Publish-LogFile $webId $lastEnd.AddMinutes(-5) 20 2     # in the window
    Publish-LogFile $webId $lastEnd.AddHours(-3) 50 9       # before it: not downloaded
    Publish-LogFile $adminId $lastEnd 30 30                 # another load balancer: not listed
    $script:from = $now.AddMinutes(-15)
    function script:Get-DownloadFolder { @(Get-ChildItem ([IO.Path]::GetTempPath()) -Filter 'albt-*' -Directory -ErrorAction Ignore | Where-Object Name -Match '^albt-[0-9a-f]{12}$') }
    $script:tempBefore = (Get-DownloadFolder).Count

    # Two days back, away from the window above: two files whose keys end alike (the second one key
    # segment deeper, still under the load balancer's prefix), and one file too large for a 1 MB limit.
    $script:dupEnd = $lastEnd.AddDays(-2)
    $dupName = "{0}_elasticloadbalancing_us-east-1_{1}_{2:yyyyMMdd'T'HHmm'Z'}_10.20.1.10_same.log.gz" -f $account, ($webId -replace '/', '.'), $dupEnd
    Publish-LogFile $webId $dupEnd 20 2 -Name $dupName
    Publish-LogFile $webId $dupEnd 10 1 -Name $dupName -Folder ("{0}_elasticloadbalancing_us-east-1_{1}_x/" -f $account, ($webId -replace '/', '.'))
    $script:bigEnd = $lastEnd.AddDays(-4)
    $big = Join-Path $TestDrive 'big.log.gz'
    $random = [byte[]]::new(1200KB); [Random]::new(7).NextBytes($random); [IO.File]::WriteAllBytes($big, $random)
    $bigKey = "web-logs/AWSLogs/{0}/elasticloadbalancing/us-east-1/{1:yyyy/MM/dd}/{0}_elasticloadbalancing_us-east-1_{2}_{1:yyyyMMdd'T'HHmm'Z'}_10.20.1.10_big.log.gz" -f $account, $bigEnd, ($webId -replace '/', '.')
    Invoke-Aws s3api put-object --bucket alb-logs --key $bigKey --body $big | Out-Null

    # The aws CLI behind a wrapper that records, for each download, the local file and its folder's mode.
    $script:realAws = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
    $script:wrapperDir = Join-Path ([IO.Path]::GetTempPath()) "albt-wrap-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $wrapperDir
    $script:downloadLog = Join-Path $wrapperDir 'downloads.log'
    Set-Content -Path (Join-Path $wrapperDir 'aws') -Encoding ascii -Value @"
#!/bin/sh
if [ "`$2" = "get-object" ]; then
  for a in "`$@"; do case "`$a" in /*) echo "`$(stat -c %a "`$(dirname "`$a")") `$a" >> '$downloadLog';; esac; done
fi
exec '$realAws' "`$@"
"@
    & chmod +x (Join-Path $wrapperDir 'aws')
    $env:PATH = $wrapperDir + [IO.Path]::PathSeparator + $env:PATH
    function script:Get-Download { if (Test-Path $downloadLog) { @(Get-Content $downloadLog) } else { @() } }
}

AfterAll {
    Stop-MotoServer $moto
    Remove-Module AwsToolsStandIn -ErrorAction Ignore
    Restore-Environment $savedEnv
    if ($wrapperDir) { Remove-Item $wrapperDir -Recurse -Force -ErrorAction Ignore }
}

Describe 'Invoke-AlbDiagnosis -AccessLogFrom through the aws CLI' {
    BeforeAll {
        $script:d = Invoke-AlbDiagnosis -Name web -Source AwsCli @live -AccessLogFrom $from -StatusCode 504 -Verbose 4>&1 |
            Tee-Object -Variable all | Where-Object { $_ -is [AlbTroubleshoot.Diagnosis] }
        $script:verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    }

    It 'downloads the files of the window only, and reads their lines' {
        $d.AccessLogs.Files | Should -Be 2
        $d.AccessLogs.Lines | Should -Be 45
        $d.AccessLogs.LoadBalancerId | Should -Be $webId
        $verbose | Should -Contain ($verbose | Where-Object { $_ -like "Downloaded 2 of 2 access-log files*of web from s3://alb-logs/web-logs/AWSLogs/$account/elasticloadbalancing/us-east-1/." })
        $verbose | Where-Object { $_ -like 'aws s3api list-objects-v2 --bucket=alb-logs --prefix=web-logs/AWSLogs/*' } | Should -Not -BeNullOrEmpty
    }

    It 'decides the 504 causes from them' {
        ($d.Findings | Where-Object Id -EQ '504.TargetResponseTimeout').Verdict | Should -Be 'Likely'
        ($d.Findings | Where-Object Id -EQ '504.TargetResponseTimeout').Evidence[0] | Should -Match '^Access logs: 5 of 45 lines'
        ($d.Findings | Where-Object Id -EQ '504.ContentLengthLargerThanBody').Verdict | Should -Be 'RuledOut'
    }

    It 'downloads into a folder only this user can open, under short names made from the keys' {
        $downloads = Get-Download
        $downloads | Should -HaveCount 2
        foreach ($d in $downloads) {
            $mode, $file = $d -split ' ', 2
            $mode | Should -Be '700'
            Split-Path -Leaf $file | Should -Match '^[0-9a-f]{16}\.log\.gz$'
            Split-Path -Leaf (Split-Path -Parent $file) | Should -Match '^albt-[0-9a-f]{12}$'
            ($file.Length - [IO.Path]::GetTempPath().Length) | Should -BeLessOrEqual 42
        }
    }

    It 'deletes the downloaded files' {
        (Get-DownloadFolder).Count | Should -Be $tempBefore
    }
}

Describe 'Get-AlbErrorCause -AccessLogFrom through the AWS Tools stand-in' {
    BeforeAll {
        Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
        Clear-AwsStandInCall
        $script:causes = Get-AlbErrorCause -StatusCode 504 -Name web -Source AwsTools @live -AccessLogFrom $from
        $script:calls = @(Get-AwsStandInCall)
    }

    It 'lists with Get-S3Object and downloads with Read-S3Object' {
        @($calls | Where-Object Command -EQ 'Get-S3Object').Count | Should -BeGreaterThan 0
        @($calls | Where-Object Command -EQ 'Read-S3Object').Count | Should -Be 2
    }

    It 'gives the same verdicts as the aws CLI' {
        ($causes | Where-Object Id -EQ '504.TargetResponseTimeout').Verdict | Should -Be 'Likely'
        ($causes | Where-Object Id -EQ '504.TargetResponseTimeout').Evidence[0] | Should -Match '^Access logs: 5 of 45 lines'
    }

    It 'reads two files whose keys end alike as two files: neither overwrites the other' {
        $dup = Invoke-AlbDiagnosis -Name web -Source AwsTools @live -AccessLogFrom $dupEnd.AddMinutes(-5) -AccessLogTo $dupEnd -StatusCode 504
        $dup.AccessLogs.Files | Should -Be 2
        $dup.AccessLogs.Lines | Should -Be 33
    }

    It 'warns, and decides from the configuration alone, for a load balancer whose logs are off' {
        $admin = Invoke-AlbDiagnosis -Name admin -Source AwsTools @live -AccessLogFrom $from -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'The access logs of admin cannot be downloaded: access logging is off \(access_logs\.s3\.enabled = (false|not set)\)'
        $admin.AccessLogs | Should -BeNullOrEmpty
    }

    It 'warns when no file covers the window' {
        $old = Invoke-AlbDiagnosis -Name web -Source AwsTools @live -AccessLogFrom ([datetime]::UtcNow.AddDays(-3)) -AccessLogTo ([datetime]::UtcNow.AddDays(-3).AddMinutes(10)) -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'No access-log file of web in s3://alb-logs/web-logs/AWSLogs/'
        $old.AccessLogs | Should -BeNullOrEmpty
    }

    It 'refuses a download larger than -AccessLogDownloadLimitMB with AccessLogDownloadTooLarge, and still diagnoses' {
        Clear-AwsStandInCall
        $d = Invoke-AlbDiagnosis -Name web -Source AwsTools @live -AccessLogFrom $bigEnd.AddMinutes(-5) -AccessLogTo $bigEnd -AccessLogDownloadLimitMB 1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -Be 'AccessLogDownloadTooLarge,AlbTroubleshoot.Commands.InvokeAlbDiagnosisCommand'
        $e[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$($e[0])" | Should -Match 'hold 1\.2 MB, more than the 1 MB -AccessLogDownloadLimitMB allows'
        @(Get-AwsStandInCall | Where-Object Command -EQ 'Read-S3Object') | Should -HaveCount 0   # nothing was downloaded
        $d.Status | Should -Not -BeNullOrEmpty
        $d.AccessLogs | Should -BeNullOrEmpty
    }

    It 'writes AccessLogDownloadFailed for a refused listing and still answers' {
        Set-AwsStandInFailure Get-S3Object AccessDenied
        try {
            $r = Get-AlbErrorCause -StatusCode 504 -Name web -Source AwsTools @live -AccessLogFrom $from -ErrorVariable e -ErrorAction SilentlyContinue
        }
        finally { Clear-AwsStandInFailure }
        $e[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogDownloadFailed*'
        "$($e[0])" | Should -Match 's3://alb-logs/web-logs/AWSLogs/.*AccessDenied'
        ($r | Where-Object Id -EQ '504.TargetResponseTimeout').Verdict | Should -Not -BeNullOrEmpty
        ($r | Where-Object Id -EQ '504.TargetResponseTimeout').Evidence -join ' ' | Should -Not -Match 'Access logs:'
    }
}

Describe 'The runbook script with -AccessLogMinutes' {
    It 'exits 1 on the problems the last minutes of logs show' {
        Remove-Module AwsToolsStandIn -ErrorAction Ignore
        # A child pwsh, as Systems Manager runs it (this pwsh may itself run as 'dotnet pwsh.dll').
        $exe = [Environment]::ProcessPath
        [string[]] $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        $out = & $exe @pwsh -NoProfile -NonInteractive -File (Join-Path $repoRoot 'samples/runbooks/Invoke-AlbRunbook.ps1') -ModulePath $env:ALBTROUBLESHOOT_MANIFEST `
            -LoadBalancerName web -Region us-east-1 -EndpointUrl $moto.EndpointUrl -StatusCode 504 -AccessLogMinutes 15
        $LASTEXITCODE | Should -Be 1 -Because ($out -join "`n")
        $json = $out -join "`n" | ConvertFrom-Json
        $json.Status | Should -Be 'Problems'
        $json.LoadBalancers[0].Findings.Id | Should -Contain '504.TargetResponseTimeout'
    }
}

Describe 'Parameter combinations' {
    It 'needs -AccessLogPath with a snapshot: AccessLogPathRequired' {
        { Invoke-AlbDiagnosis -Snapshot (Join-Path $repoRoot 'samples/healthy.json') -AccessLogFrom $from -ErrorAction Stop } |
            Should -Throw -ErrorId 'AccessLogPathRequired,AlbTroubleshoot.Commands.InvokeAlbDiagnosisCommand'
    }

    It 'refuses a window that ends before it starts: InvalidAccessLogWindow' {
        { Invoke-AlbDiagnosis -Snapshot (Join-Path $repoRoot 'samples/traffic-only.json') -AccessLogPath (Join-Path $repoRoot 'samples/traffic') -AccessLogFrom $from -AccessLogTo $from.AddHours(-1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidAccessLogWindow,AlbTroubleshoot.Commands.InvokeAlbDiagnosisCommand'
    }
}
