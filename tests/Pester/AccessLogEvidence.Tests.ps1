# -AccessLogPath on Invoke-AlbDiagnosis and Get-AlbErrorCause: the sample load balancer media-api
# (samples/traffic-only.json) has a sound configuration; its access log (samples/traffic/) shows the
# causes only traffic can. Also the errors and warnings around the files, and the report.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:samples = (Resolve-Path (Join-Path $PSScriptRoot '../../samples')).Path
    $script:snapshot = Join-Path $samples 'traffic-only.json'
    $script:traffic = Join-Path $samples 'traffic'
    $script:logFile = @(Get-ChildItem $traffic -Filter *.log)[0]
    $script:mediaId = 'app/media-api/3971ec3caede1a36'
}

Describe 'Invoke-AlbDiagnosis -AccessLogPath' {
    BeforeAll {
        $script:withoutLogs = Invoke-AlbDiagnosis -Snapshot $snapshot
        $script:withLogs = Invoke-AlbDiagnosis -Snapshot $snapshot -AccessLogPath $traffic
    }

    It 'turns a sound configuration with failing traffic from Healthy into Problems' {
        $withoutLogs.Status | Should -Be 'Healthy'
        $withLogs.Status | Should -Be 'Problems'
        $withLogs.StatusReason | Should -Match '504\.TargetResponseTimeout \(Likely\)'
    }

    It 'decides the causes only traffic shows' {
        $verdicts = @{}
        foreach ($f in $withLogs.Findings) { $verdicts[$f.Id] = $f.Verdict }
        $verdicts['504.TargetResponseTimeout'] | Should -Be 'Likely'
        $verdicts['504.ContentLengthLargerThanBody'] | Should -Be 'Likely'
        $verdicts['502.MalformedTargetResponse'] | Should -Be 'Likely'
        $verdicts['503.TargetOptimizerRejected'] | Should -Be 'Likely'
        $verdicts['403.LowReputationRequestDenied'] | Should -Be 'Likely'
        $verdicts['5XX.TargetGenerated'] | Should -Be 'Confirmed'
        # What the log does not show is ruled out for its window; nothing in the configuration was Confirmed to keep.
        $verdicts['400.MalformedRequest'] | Should -Be 'RuledOut'
        $verdicts['502.TargetConnectionReset'] | Should -Be 'RuledOut'
        @($withoutLogs.Findings | Where-Object Verdict -EQ 'Possible').Count | Should -BeGreaterThan 20
        @($withLogs.Findings | Where-Object Verdict -EQ 'Possible').Count | Should -BeLessThan 3
    }

    It 'cites the count, the file and line, the target and the trace IDs' {
        $timeout = $withLogs.Findings | Where-Object Id -EQ '504.TargetResponseTimeout'
        $timeout.Evidence[0] | Should -BeLike "Access logs: 8 of 150 lines from 2026-11-24 10:00:00Z to 2026-11-24 10:09:58Z (elb 504, target -)*"
        $timeout.Evidence[0] | Should -Match ([regex]::Escape($logFile.Name) + ':8 ')
        $timeout.Evidence[0] | Should -Match 'Targets: 10\.0\.12\.62:8080 \(8\)'
        $timeout.Evidence[0] | Should -Match 'Trace IDs to follow: Root=1-'
        $optimizer = $withLogs.Findings | Where-Object Id -EQ '503.TargetOptimizerRejected'
        $optimizer.Evidence -join ' ' | Should -Match 'media-render .* has target control port 3000'
    }

    It 'attaches what the logs hold to the diagnosis' {
        $withLogs.AccessLogs.LoadBalancerId | Should -Be $mediaId
        $withLogs.AccessLogs.Lines | Should -Be 150
        $withLogs.AccessLogs.Files | Should -Be 1
        $withLogs.AccessLogs.From.ToString('o') | Should -Be '2026-11-24T10:00:00.9115200Z'
        $withLogs.AccessLogs.To.ToString('o') | Should -BeLike '2026-11-24T10:09:58.*Z' 
        ($withLogs.AccessLogs.Errors | Measure-Object Count -Sum).Sum | Should -Be 40
        $withoutLogs.AccessLogs | Should -BeNullOrEmpty
        ($withLogs | Format-List -View Findings | Out-String -Width 300) | Should -Match "AccessLogs\s+: 150 lines of $([regex]::Escape($mediaId))"
        ($withLogs.AccessLogs | Out-String -Width 200) | Should -Match '10 503 -\s+503\.NoRegisteredTargets \(Possible\)'
    }

    It 'puts the window in the report' {
        $md = $withLogs | ConvertTo-AlbReport -Format Markdown
        $md | Should -Match "Access logs.*150 lines of $([regex]::Escape($mediaId)).*; 40 error lines\."
    }

    It 'warns and keeps the configuration verdicts when the files hold no line of the load balancer' {
        $d = Invoke-AlbDiagnosis -Snapshot $snapshot -AccessLogPath (Join-Path $samples 'logs') -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Be "The access logs (2 files) hold no line of $mediaId (media-api); they hold lines of app/my-alb/50dc6c495c0c9188. Its causes are decided from the configuration alone."
        $d.Status | Should -Be 'Healthy'
        ($d.Findings | ForEach-Object { "$($_.Id) $($_.Verdict)" }) | Should -Be ($withoutLogs.Findings | ForEach-Object { "$($_.Id) $($_.Verdict)" })
        $d.AccessLogs.Lines | Should -Be 0
    }

    It 'reads the other files when one is damaged or a path matches nothing' {
        $dir = Join-Path $TestDrive 'mixed'
        $null = New-Item -ItemType Directory $dir
        Copy-Item $logFile.FullName $dir
        $bad = Join-Path $dir 'broken.log.gz'
        [IO.File]::WriteAllBytes($bad, [byte[]](0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3) + [byte[]](1..40))
        $d = Invoke-AlbDiagnosis -Snapshot $snapshot -AccessLogPath $dir, (Join-Path $TestDrive 'nothing-here') -ErrorVariable errs -ErrorAction SilentlyContinue
        $ids = @($errs | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*$' })
        $ids | Should -Contain 'AccessLogPathNotFound'
        $ids | Should -Contain 'AccessLogGzipCorrupt'
        ($errs | Where-Object { $_.FullyQualifiedErrorId -like 'AccessLogGzipCorrupt*' }).Exception.Message | Should -Match 'broken\.log\.gz'
        $d.Status | Should -Be 'Problems'
        $d.AccessLogs.Lines | Should -Be 150
    }

    It 'gives each load balancer of a snapshot its own lines' {
        $two = Join-Path $TestDrive 'two-logs'
        $null = New-Item -ItemType Directory $two
        Copy-Item $logFile.FullName $two
        Copy-Item (Join-Path $samples 'logs/*') $two
        $rows = Measure-AlbAccessLog -Path $two -By LoadBalancer
        @($rows.Key | Sort-Object -Unique) | Should -Be @('app/media-api/3971ec3caede1a36', 'app/my-alb/50dc6c495c0c9188')
        ($rows | Where-Object Key -EQ $mediaId | Measure-Object Count -Sum).Sum | Should -Be 150
        $d = Invoke-AlbDiagnosis -Snapshot $snapshot -AccessLogPath $two
        $d.AccessLogs.Lines | Should -Be 150
        $d.AccessLogs.OtherLoadBalancers | Should -Be @('app/my-alb/50dc6c495c0c9188')
    }
}

Describe 'Get-AlbErrorCause -AccessLogPath' {
    It 'weighs the causes of the codes asked for against the lines' {
        $causes = Get-AlbErrorCause 504 -Snapshot $snapshot -AccessLogPath $traffic
        ($causes | Where-Object Id -EQ '504.TargetResponseTimeout').Verdict | Should -Be 'Likely'
        ($causes | Where-Object Id -EQ '504.TargetConnectionTimeout').Verdict | Should -Be 'RuledOut'
        ($causes | Where-Object Id -EQ '504.TargetConnectionTimeout').Evidence -join ' ' | Should -Match 'the 12 504 lines among the 150 lines .* point elsewhere: 504\.TargetResponseTimeout \(8\), 504\.ContentLengthLargerThanBody \(4\)'
        $causes[0].Verdict | Should -Be 'Likely'
        # The entry for responses the targets generate speaks for 504s only: the two 500s do not count.
        $own = $causes | Where-Object Id -EQ '5XX.TargetGenerated'
        $own.StatusCode | Should -Be 504
        $own.Verdict | Should -Be 'RuledOut'
        $own.Evidence -join ' ' | Should -Match 'the 12 504 lines among the 150 lines'
        (Get-AlbErrorCause 5XX -Snapshot $snapshot -AccessLogPath $traffic | Where-Object Id -EQ '5XX.TargetGenerated').Verdict | Should -Be 'Confirmed'
    }

    It 'needs a load balancer: LoadBalancerNotSpecified' {
        { Get-AlbErrorCause 502 -AccessLogPath $traffic -ErrorAction Stop } | Should -Throw -ErrorId 'LoadBalancerNotSpecified,AlbTroubleshoot.Commands.GetAlbErrorCauseCommand'
    }
}
