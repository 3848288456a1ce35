BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:samples = (Resolve-Path "$PSScriptRoot/../../samples/logs").Path
    $script:sampleFiles = @(Get-ChildItem $samples -Filter *.log.gz | Sort-Object Name)
    $script:docExamples = (Resolve-Path "$PSScriptRoot/../AlbTroubleshoot.Core.Tests/AccessLogs/TestData/aws-doc-examples.log").Path

    function New-Gzip([string] $Path, [byte[]] $Bytes) {
        $file = [IO.File]::Create($Path)
        $gz = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionMode]::Compress)
        $gz.Write($Bytes, 0, $Bytes.Length)
        $gz.Dispose()
    }
}

Describe 'Get-AlbAccessLog' {
    It 'reads the AWS documentation examples with the documented property names (docs/public-surface.md §4), in log order' {
        $e = @(Get-AlbAccessLog -Path $docExamples)
        $e.Count | Should -Be 7
        $names = @($e[0].PSObject.Properties.Name)
        $expected = 'Type', 'Time', 'Elb', 'ClientIp', 'ClientPort', 'TargetIp', 'TargetPort', 'RequestProcessingTime', 'TargetProcessingTime',
            'ResponseProcessingTime', 'ElbStatusCode', 'TargetStatusCode', 'ReceivedBytes', 'SentBytes', 'RequestMethod', 'RequestUrl',
            'RequestProtocol', 'UserAgent', 'SslCipher', 'SslProtocol', 'TargetGroupArn', 'TraceId', 'DomainName', 'ChosenCertArn',
            'MatchedRulePriority', 'RequestCreationTime', 'ActionsExecuted', 'RedirectUrl', 'ErrorReason', 'TargetPortList',
            'TargetStatusCodeList', 'Classification', 'ClassificationReason', 'ConnTraceId'
        $names[0..($expected.Count - 1)] | Should -Be $expected
        $names.IndexOf('Cause') | Should -BeGreaterThan $names.IndexOf('RequestTransformStatus')
        $e[6].ElbStatusCode | Should -Be 502
        $e[6].TargetStatusCode | Should -BeNullOrEmpty
        $e[6].Cause | Should -Be '502.LambdaInvalidResponse'
        $e[1].ActionsExecuted | Should -Be 'authenticate,forward'
    }

    It 'reads folders recursively, wildcards and piped FileInfo alike' {
        $byFolder = @(Get-AlbAccessLog -Path $samples)
        $byFolder.Count | Should -Be 3000
        @(Get-AlbAccessLog -Path (Join-Path $samples '*.gz')).Count | Should -Be 3000
        @($sampleFiles | Get-AlbAccessLog).Count | Should -Be 3000
        @($sampleFiles.FullName | Get-AlbAccessLog).Count | Should -Be 3000
        $byFolder[0].File | Should -Be $sampleFiles[0].FullName
        $byFolder[0].LineNumber | Should -Be 1
    }

    It 'takes names with [ and ] literally from -LiteralPath and piped files, and escaped in -Path' {
        $dir = Join-Path $TestDrive 'logs[1]'
        $null = New-Item -ItemType Directory -Path $dir
        Copy-Item -LiteralPath $sampleFiles[0].FullName -Destination (Join-Path $dir 'node[a].log.gz')
        $expected = @(Get-AlbAccessLog -Path $sampleFiles[0].FullName).Count
        @(Get-AlbAccessLog -LiteralPath $dir).Count | Should -Be $expected
        @(Get-ChildItem -LiteralPath $dir | Get-AlbAccessLog).Count | Should -Be $expected
        @(Get-Item -LiteralPath $dir | Get-AlbAccessLog).Count | Should -Be $expected
        @(Get-AlbAccessLog -Path ($dir -replace '\[', '`[' -replace '\]', '`]')).Count | Should -Be $expected
        (Get-ChildItem -LiteralPath $dir | Measure-AlbAccessLog | Measure-Object Count -Sum).Sum | Should -Be $expected
        # Unescaped, [1] is a wildcard (the character 1): it matches nothing here.
        Get-AlbAccessLog -Path $dir -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogPathNotFound*'
        Get-AlbAccessLog -LiteralPath (Join-Path $TestDrive 'none[1]') -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogPathNotFound*'
    }

    It 'filters by status code, class, time window and target group in the reader' {
        $all = @(Get-AlbAccessLog $samples)
        $fives = @(Get-AlbAccessLog $samples -StatusCode 5XX)
        $fives.Count | Should -Be @($all | Where-Object { $_.ElbStatusCode -ge 500 -and $_.ElbStatusCode -lt 600 }).Count
        $fives.Count | Should -BeGreaterThan 0
        @(Get-AlbAccessLog $samples -StatusCode 502, 504).ElbStatusCode | Sort-Object -Unique | Should -Be @(502, 504)
        $from = [datetime]::new(2026, 11, 24, 10, 5, 0, [DateTimeKind]::Utc)
        $late = @(Get-AlbAccessLog $samples -From $from)
        $late.Count | Should -Be @($all | Where-Object Time -GE $from).Count
        $late.Count | Should -BeGreaterThan 0
        @(Get-AlbAccessLog $samples -To '2026-11-24T10:05:00Z').Count + $late.Count | Should -Be 3000
        $api = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/5c1b2d3e4f506172'
        @(Get-AlbAccessLog $samples -TargetGroupArn $api).TargetGroupArn | Sort-Object -Unique | Should -Be $api
    }

    It 'gives every error entry a catalog cause and no cause to successes' {
        $errors = @(Get-AlbAccessLog $samples -StatusCode 4XX, 5XX)
        $errors | ForEach-Object { $_.Cause | Should -Not -BeNullOrEmpty }
        $ids = (Get-AlbErrorCause).Id
        $errors.Cause | Sort-Object -Unique | ForEach-Object { $ids | Should -Contain $_ }
        @(Get-AlbAccessLog $samples -StatusCode 200 | Where-Object Cause).Count | Should -Be 0
    }

    It 'pipes into Get-AlbErrorCause: each entry gives the cause its line points to, with the line as evidence' {
        $entries = @(Get-AlbAccessLog $samples -StatusCode 504, 502 | Select-Object -First 20)
        $causes = @($entries | Get-AlbErrorCause)
        $causes.Count | Should -Be $entries.Count
        for ($i = 0; $i -lt $entries.Count; $i++) {
            $causes[$i].Id | Should -Be $entries[$i].Cause
            $causes[$i].Verdict | Should -Be $entries[$i].CauseVerdict
            $causes[$i].StatusCode | Should -Be $entries[$i].ElbStatusCode
            $causes[$i].LoadBalancerName | Should -Be $entries[$i].Elb
            $causes[$i].Evidence[0] | Should -BeLike "*:$($entries[$i].LineNumber): *"
        }
    }

    It 'pipes no cause for successful lines, and the catalog for plain codes still' {
        @(Get-AlbAccessLog $samples -StatusCode 200 | Select-Object -First 5 | Get-AlbErrorCause).Count | Should -Be 0
        @([pscustomobject]@{ ElbStatusCode = 504 } | Get-AlbErrorCause).Id | Should -Contain '504.TargetResponseTimeout'
    }

    It 'writes AccessLogGzipTruncated for a cut file after its readable lines, and goes on with the next file' {
        $bytes = [IO.File]::ReadAllBytes($sampleFiles[0].FullName)
        $cut = Join-Path $TestDrive 'cut.log.gz'
        [IO.File]::WriteAllBytes($cut, $bytes[0..($bytes.Length / 2)])
        $out = @(Get-AlbAccessLog -Path $cut, $sampleFiles[1].FullName -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccessLogGzipTruncated,AlbTroubleshoot.Commands.GetAlbAccessLogCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -Match 'cut\.log\.gz'
        $out.Count | Should -BeGreaterThan 1500
        $out.Count | Should -BeLessThan 3000
    }

    It 'writes AccessLogGzipCorrupt for damaged data' {
        $bytes = [IO.File]::ReadAllBytes($sampleFiles[0].FullName)
        for ($i = 100; $i -lt 200; $i++) { $bytes[$i] = $bytes[$i] -bxor 0x5a }
        $bad = Join-Path $TestDrive 'bad.log.gz'
        [IO.File]::WriteAllBytes($bad, $bytes)
        $null = Get-AlbAccessLog -Path $bad -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeIn @('AccessLogGzipCorrupt,AlbTroubleshoot.Commands.GetAlbAccessLogCommand', 'AccessLogGzipTruncated,AlbTroubleshoot.Commands.GetAlbAccessLogCommand')
    }

    It 'refuses a Classic Load Balancer log with AccessLogNotAlb' {
        $clb = Join-Path $TestDrive 'clb.log'
        Set-Content $clb '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -'
        $null = Get-AlbAccessLog -Path $clb -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccessLogNotAlb,AlbTroubleshoot.Commands.GetAlbAccessLogCommand'
        $errs[0].Exception.Message | Should -Match 'Classic Load Balancer'
    }

    It 'writes AccessLogPathNotFound for a path that matches nothing' {
        $null = Get-AlbAccessLog -Path (Join-Path $TestDrive 'nothing-*.gz') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccessLogPathNotFound,AlbTroubleshoot.Commands.GetAlbAccessLogCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'warns with file:line for malformed lines and reads the rest, also from a plain file named .gz' {
        $lines = Get-Content $docExamples
        $mixed = Join-Path $TestDrive 'mixed.log.gz'
        Set-Content $mixed @($lines[0], 'this is not an ALB line', $lines[1])
        $out = @(Get-AlbAccessLog -Path $mixed -WarningVariable warns -WarningAction SilentlyContinue)
        $out.Count | Should -Be 2
        $warns.Count | Should -Be 1
        "$($warns[0])" | Should -Match 'mixed\.log\.gz:2'
    }

    It 'reads a file of several gzip members to the end' {
        $lines = Get-Content $docExamples
        $parts = foreach ($i in 0..2) {
            $p = Join-Path $TestDrive "part$i.gz"
            New-Gzip $p ([Text.Encoding]::UTF8.GetBytes(($lines -join "`n") + "`n"))
            [IO.File]::ReadAllBytes($p)
        }
        $multi = Join-Path $TestDrive 'multi.log.gz'
        [IO.File]::WriteAllBytes($multi, [byte[]]($parts | ForEach-Object { $_ }))
        @(Get-AlbAccessLog $multi).Count | Should -Be 21
    }

    It 'serializes to JSON with ISO times, nulls for "-" codes and arrays' {
        $json = Get-AlbAccessLog $docExamples | Select-Object -Last 1 | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.TargetStatusCode | Should -BeNullOrEmpty
        $json.Cause | Should -Be '502.LambdaInvalidResponse'
        , $json.ExtraFields | Should -BeOfType [object[]]
        (Get-AlbAccessLog $docExamples | Select-Object -First 1 | ConvertTo-Json) | Should -Match '"Time": "2018-07-02T22:23:00.186641Z"'
    }

    It 'shows the default table view' {
        $text = Get-AlbAccessLog $samples -StatusCode 502 | Select-Object -First 2 | Out-String -Width 200
        $text | Should -Match 'Time\s+ElbStatusCode\s+TargetStatusCode\s+Cause'
        $text | Should -Match '502\s+-\s+502\.'
    }
}

Describe 'Measure-AlbAccessLog' {
    It 'summarizes the sample by status pair and cause, in C#' {
        $rows = @(Measure-AlbAccessLog -Path $samples)
        ($rows | Measure-Object Count -Sum).Sum | Should -Be 3000
        $rows[0].TotalLines | Should -Be 3000
        $rows[0].Files | Should -Be 2
        $rows[0].MalformedLines | Should -Be 0
        [Math]::Round(($rows | Measure-Object Share -Sum).Sum, 6) | Should -Be 1
        $rows[0].ElbStatusCode | Should -Be 200
        $reset = $rows | Where-Object Cause -EQ '502.TargetConnectionReset'
        $reset.CauseVerdict | Should -Be 'Possible'
        $reset.TopTargets.Count | Should -BeGreaterThan 0
        $reset.SampleTraceIds[0] | Should -Match '^Root=1-'
        $reset.FirstSeen | Should -BeLessOrEqual $reset.LastSeen
        $reset.FirstLine | Should -Match '\.log\.gz:\d+$'
        # The same counts as the entries, grouped in PowerShell.
        $byCause = Get-AlbAccessLog $samples -StatusCode 502 | Group-Object Cause -NoElement
        foreach ($g in $byCause) { ($rows | Where-Object { $_.ElbStatusCode -eq 502 -and $_.Cause -eq $g.Name }).Count | Should -Be $g.Count }
    }

    It 'groups by <By>' -ForEach @(
        @{ By = 'Target'; Pattern = '^(-|\d+\.\d+\.\d+\.\d+:\d+)$' }
        @{ By = 'TargetGroup'; Pattern = '^arn:aws:elasticloadbalancing:' }
        @{ By = 'Minute'; Pattern = '^2026-11-24T10:\d\dZ$' }
        @{ By = 'ClientIp'; Pattern = '^\d+\.\d+\.\d+\.\d+$' }
        @{ By = 'Url'; Pattern = '^(https?://[^?]+|-)$' }
    ) {
        $rows = @(Measure-AlbAccessLog $samples -By $By -StatusCode 5XX)
        $rows.Count | Should -BeGreaterThan 1
        $rows | ForEach-Object { $_.By | Should -Be $By; $_.Key | Should -Match $Pattern }
        ($rows | Measure-Object Count -Sum).Sum | Should -Be @(Get-AlbAccessLog $samples -StatusCode 5XX).Count
    }

    It 'takes piped files and filters' {
        $rows = @($sampleFiles | Measure-AlbAccessLog -StatusCode 502 -From '2026-11-24T10:00:00Z' -To '2026-11-24T10:04:59Z')
        $rows.ElbStatusCode | Sort-Object -Unique | Should -Be 502
        ($rows | Measure-Object Count -Sum).Sum | Should -Be @(Get-AlbAccessLog $samples -StatusCode 502 -To '2026-11-24T10:04:59Z').Count
    }

    It 'reports a truncated file with its error ID and counts the other files' {
        $bytes = [IO.File]::ReadAllBytes($sampleFiles[0].FullName)
        $cut = Join-Path $TestDrive 'cut.log.gz'
        [IO.File]::WriteAllBytes($cut, $bytes[0..1000])
        $rows = @(Measure-AlbAccessLog -Path $cut, $sampleFiles[1].FullName -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccessLogGzipTruncated,AlbTroubleshoot.Commands.MeasureAlbAccessLogCommand'
        $rows[0].TotalLines | Should -BeGreaterThan 1500
    }

    It 'counts malformed lines and names the first ones' {
        $lines = Get-Content $docExamples
        $mixed = Join-Path $TestDrive 'mixed.log'
        Set-Content $mixed (@($lines[0]) + @(1..12 | ForEach-Object { "junk $_" }) + @($lines[1]))
        $rows = @(Measure-AlbAccessLog $mixed -WarningVariable warns -WarningAction SilentlyContinue)
        $rows[0].MalformedLines | Should -Be 12
        $rows[0].TotalLines | Should -Be 2
        @($warns | Where-Object { "$_" -match 'mixed\.log:\d+' }).Count | Should -Be 10
        @($warns | Where-Object { "$_" -match '12 malformed lines' }).Count | Should -Be 1
    }

    It 'refuses -By values it does not know' {
        { Measure-AlbAccessLog $samples -By Nothing -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AlbTroubleshoot.Commands.MeasureAlbAccessLogCommand'
    }

    It 'shows the default table view with shares' {
        $text = Measure-AlbAccessLog $samples | Out-String -Width 200
        $text | Should -Match 'ElbStatusCode\s+TargetStatusCode\s+Count\s+Share\s+Cause'
        $text | Should -Match '\d+\.\d %'
    }
}
