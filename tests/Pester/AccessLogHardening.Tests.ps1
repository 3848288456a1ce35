# Issue 13 against the built module: what a log folder or a log file can hold that must not hang,
# crash, double-count or shift the access-log cmdlets (links, FIFOs, unreadable files, damaged gzip
# members, malformed lines, hostile keys, fields that run together). Unix-only pieces (mkfifo, /dev/fd)
# run on the build and CI machines, which are Linux.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    & (Join-Path $PSScriptRoot '../AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')
    $script:sampleFiles = @(Get-ChildItem (Join-Path $PSScriptRoot '../../samples/logs') -Filter *.log.gz | Sort-Object Name)
    $script:docLines = Get-Content (Join-Path $PSScriptRoot '../AlbTroubleshoot.Core.Tests/AccessLogs/TestData/aws-doc-examples.log')
    $script:manifest = $env:ALBTROUBLESHOOT_MANIFEST

    # Runs a script in its own runspace with the module, and stops it (as Ctrl+C does) after
    # $Seconds: returns its output, errors and warnings, and whether it had to be stopped.
    function Invoke-Bounded([scriptblock] $Script, [object[]] $Arguments = @(), [int] $Seconds = 60) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$manifest'; `$WarningPreference = 'Continue'").AddStatement()
            $null = $ps.AddScript($Script.ToString())
            foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
            $handle = $ps.BeginInvoke()
            $finished = $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($Seconds))
            $stopWatch = [Diagnostics.Stopwatch]::StartNew()
            if (-not $finished) { $ps.Stop() }
            $output = if ($finished) { @($ps.EndInvoke($handle)) } else { @() }
            [pscustomobject]@{
                Output = $output
                Errors = @($ps.Streams.Error)
                Warnings = @($ps.Streams.Warning | ForEach-Object Message)
                TimedOut = -not $finished
                StopSeconds = $stopWatch.Elapsed.TotalSeconds
            }
        }
        finally { $ps.Dispose() }
    }

    function New-Fifo([string] $Path) {
        & mkfifo $Path
        if ($LASTEXITCODE -ne 0) { throw "mkfifo $Path failed" }
        $Path
    }

    # A reader still blocked in open() on a FIFO (the defect) is released by a writer; never blocks itself.
    function Unblock-Fifo([string] $Path) { & timeout 2 sh -c ": > '$Path'" 2>$null }
}

Describe 'Symbolic links in a log folder (item 7)' {
    It 'follows a link to a folder at most once and reads each real file once' {
        $root = Join-Path $TestDrive 'links'
        $sub = New-Item -ItemType Directory (Join-Path $root 'logs/sub')
        $sampleFiles | Copy-Item -Destination $sub
        $links = @(
            [IO.Directory]::CreateSymbolicLink((Join-Path $sub 'parent'), '..')                                # a loop
            [IO.Directory]::CreateSymbolicLink((Join-Path $root 'logs/same'), $sub.FullName)                   # the folder again
            [IO.File]::CreateSymbolicLink((Join-Path $root 'logs/a.log.gz'), (Join-Path $sub $sampleFiles[0].Name))  # a file again
        )
        try {
            $r = Invoke-Bounded { param($p) Get-AlbAccessLog -Path $p, $p } @((Join-Path $root 'logs'))
            $r.TimedOut | Should -BeFalse
            $r.Errors | Should -BeNullOrEmpty
            $r.Output.Count | Should -Be 3000
            @($r.Output | Group-Object File).Count | Should -Be 2
            $m = Invoke-Bounded { param($p) Measure-AlbAccessLog -Path $p } @((Join-Path $root 'logs'))
            $m.Output[0].Files | Should -Be 2
            $m.Output[0].TotalLines | Should -Be 3000
        }
        finally {
            # Pester's own clean-up of TestDrive follows links to folders: it would loop here.
            $links | ForEach-Object { $_.Delete() }
        }
    }
}

Describe 'FIFOs, sockets and devices (item 8)' {
    It 'skips a FIFO in a folder with a warning naming it, and does not block' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'fifo')
        Copy-Item $sampleFiles[0].FullName $dir
        $fifo = New-Fifo (Join-Path $dir 'node.log.gz')
        try {
            foreach ($command in 'Get-AlbAccessLog', 'Measure-AlbAccessLog') {
                $r = Invoke-Bounded ([scriptblock]::Create("param(`$p) $command -Path `$p")) @($dir.FullName) -Seconds 60
                $r.TimedOut | Should -BeFalse -Because "$command must not block on a FIFO"
                $r.Errors | Should -BeNullOrEmpty
                ($r.Warnings -match [regex]::Escape($fifo) -match 'FIFO').Count | Should -Be 1
            }
        }
        finally { Unblock-Fifo $fifo }
    }

    It 'writes AccessLogNotRegularFile for a FIFO named directly, and reads the other files' {
        $fifo = New-Fifo (Join-Path $TestDrive 'direct.log.gz')
        try {
            $r = Invoke-Bounded { param($f, $g) Get-AlbAccessLog -LiteralPath $f, $g } @($fifo, $sampleFiles[1].FullName)
            $r.TimedOut | Should -BeFalse
            $r.Output.Count | Should -Be 1500
            $r.Errors.Count | Should -Be 1
            $r.Errors[0].FullyQualifiedErrorId | Should -Be 'AccessLogNotRegularFile,AlbTroubleshoot.Commands.GetAlbAccessLogCommand'
            $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidType'
            $r.Errors[0].TargetObject | Should -Be $fifo
        }
        finally { Unblock-Fifo $fifo }
    }

    It 'stops a long read promptly when the pipeline is stopped (Ctrl+C)' {
        $one = [AlbTroubleshoot.Scenarios.AccessLogGenerator]::WriteGzipFiles((Join-Path $TestDrive 'big'), 60000, 1, 5)[0]
        # Sixteen names for the same data (hard links are distinct paths): about a million lines.
        $many = @(1..16 | ForEach-Object { (New-Item -ItemType HardLink -Path (Join-Path $TestDrive "big/copy$_.log.gz") -Target $one).FullName })
        $snapshot = Join-Path $PSScriptRoot '../../samples/traffic-only.json'
        # The diagnosis reads the logs as evidence through the same stop (PipelineStop) as the access-log cmdlets.
        foreach ($command in 'Get-AlbAccessLog -Path', 'Measure-AlbAccessLog -Path', "Invoke-AlbDiagnosis -Snapshot '$snapshot' -AccessLogPath") {
            $ps = [powershell]::Create()
            try {
                $ready = [Threading.ManualResetEventSlim]::new()
                $null = $ps.AddScript("param(`$ready, `$p) Import-Module '$manifest'; `$ready.Set(); $command `$p | Out-Null").AddArgument($ready).AddArgument($many)
                $handle = $ps.BeginInvoke()
                $ready.Wait([TimeSpan]::FromSeconds(60)) | Should -BeTrue
                Start-Sleep -Milliseconds 300
                $handle.IsCompleted | Should -BeFalse -Because "$command is still reading a million lines"
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                @($ps.Streams.Error).Count | Should -Be 0 -Because "a stopped $command ends as stopped, not with an error"
            }
            finally { $ps.Dispose() }
        }
    }
}

Describe 'A file that fails during a parallel scan (item 10)' {
    It 'is an error record naming it, and the other files are counted' {
        $pipe = [IO.Pipes.AnonymousPipeServerStream]::new([IO.Pipes.PipeDirection]::Out)
        try {
            $pipe.Write([byte[]](0x1f, 0x8b, 8, 0), 0, 4)
            $devFd = "/dev/fd/$($pipe.ClientSafePipeHandle.DangerousGetHandle())"
            $rows = @(Measure-AlbAccessLog -LiteralPath $sampleFiles[0].FullName, $devFd, $sampleFiles[1].FullName -ErrorVariable errs -ErrorAction SilentlyContinue)
            ($rows | Measure-Object Count -Sum).Sum | Should -Be 3000
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'AccessLogNotRegularFile,AlbTroubleshoot.Commands.MeasureAlbAccessLogCommand'
            $errs[0].Exception.Message | Should -BeLike "*$devFd*"
        }
        finally { $pipe.Dispose() }
    }
}

Describe 'Bounded keys (item 9)' {
    It 'writes at most -Top rows and one (other) row with the rest, with a warning' {
        $all = @(Measure-AlbAccessLog -LiteralPath $sampleFiles.FullName -By Url)
        $all.Count | Should -BeGreaterThan 4
        $rows = @(Measure-AlbAccessLog -LiteralPath $sampleFiles.FullName -By Url -Top 3 -WarningVariable warns -WarningAction SilentlyContinue)
        $rows.Count | Should -Be 4
        $rows[0..2].Key | Should -Be $all[0..2].Key
        $rows[3].Key | Should -Be '(other)'
        $rows[3].Count | Should -Be (($all | Select-Object -Skip 3 | Measure-Object Count -Sum).Sum)
        ($rows | Measure-Object Count -Sum).Sum | Should -Be 3000
        ($warns -match '\(other\)' -match '-Top').Count | Should -Be 1
        { Measure-AlbAccessLog -LiteralPath $sampleFiles[0].FullName -Top 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AlbTroubleshoot.Commands.MeasureAlbAccessLogCommand'
    }
}

Describe 'Malformed lines beyond the first ten (item 12)' {
    It 'lists the first ones and gives the total per file and overall' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'malformed')
        foreach ($name in 'a', 'b') {
            Set-Content (Join-Path $dir "$name.log") (@($docLines[0]) + @(1..12 | ForEach-Object { "junk $name $_" }) + @($docLines[1]))
        }
        $m = @(Measure-AlbAccessLog -Path $dir -WarningVariable mw -WarningAction SilentlyContinue)
        $g = @(Get-AlbAccessLog -Path $dir -WarningVariable gw -WarningAction SilentlyContinue)
        $m[0].MalformedLines | Should -Be 24
        $g.Count | Should -Be 4
        # Get-AlbAccessLog reads the files in order.
        @($gw | Where-Object { "$_" -like 'Malformed line skipped: *a.log:*' }).Count | Should -Be 10
        @($gw | Where-Object { "$_" -like '*a.log: 12 malformed lines skipped in all; the first 10 are listed above.' }).Count | Should -Be 1
        @($gw | Where-Object { "$_" -like '*b.log: 12 malformed lines skipped.' }).Count | Should -Be 1
        # Measure-AlbAccessLog reads them in parallel: which file's lines come first varies.
        @($mw | Where-Object { "$_" -like 'Malformed line skipped: *.log:*' }).Count | Should -Be 10
        @($mw | Where-Object { "$_" -like '*.log: 12 malformed lines skipped*' }).Count | Should -Be 2
        foreach ($w in @(, $mw) + @(, $gw)) {
            @($w | Where-Object { "$_" -eq '24 malformed lines were skipped in all, in 2 files; the first 10 are listed above.' }).Count | Should -Be 1
        }
    }
}

Describe 'Gzip member checks (item 13)' {
    It 'reports a member whose CRC-32 does not match, keeps its lines and reads on' {
        $bytes = [IO.File]::ReadAllBytes($sampleFiles[0].FullName)
        $bytes[$bytes.Length - 8] = $bytes[$bytes.Length - 8] -bxor 0xff
        $bad = Join-Path $TestDrive 'crc.log.gz'
        [IO.File]::WriteAllBytes($bad, $bytes)
        $out = @(Get-AlbAccessLog -LiteralPath $bad, $sampleFiles[1].FullName -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 3000
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccessLogGzipChecksum,AlbTroubleshoot.Commands.GetAlbAccessLogCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -Match 'crc\.log\.gz.*member at byte 0 .*CRC-32.*lines 1-1500'
        $errs[0].Exception.MemberOffset | Should -Be 0
        $rows = @(Measure-AlbAccessLog -LiteralPath $bad -ErrorVariable merrs -ErrorAction SilentlyContinue)
        $rows[0].TotalLines | Should -Be 1500
        $merrs[0].FullyQualifiedErrorId | Should -Be 'AccessLogGzipChecksum,AlbTroubleshoot.Commands.MeasureAlbAccessLogCommand'
    }
}

Describe 'Log fields exactly as users compare them' {
    BeforeAll {
        $https = $docLines[1]
        $script:fieldLog = Join-Path $TestDrive 'fields.log'
        Set-Content $fieldLog @(
            ($https -replace '192\.168\.131\.39:2817', '[2001:db8::7]:2817')
            ($https -replace '"GET https://www\.example\.com:443/ HTTP/1\.1"', '"- - - "' -replace ' 200 200 ', ' 400 - ')
            ($https -replace '"www\.example\.com"', '" www.example.com"')
            ($https -replace '"arn:aws:acm:[^"]*" 1 ', '"-"1 ')
            ($https -replace '^https ', 'h3 ')
        )
    }

    It 'reads each line as other parsers expect, and reports the one whose fields ran together' {
        $e = @(Get-AlbAccessLog -LiteralPath $fieldLog -WarningVariable warns -WarningAction SilentlyContinue)
        $e.Count | Should -Be 4
        $e[0].ClientIp | Should -Be '2001:db8::7'
        [ipaddress] $e[0].ClientIp | Should -Not -BeNullOrEmpty
        $e[0].ClientPort | Should -Be 2817
        ($e[1].RequestMethod, $e[1].RequestUrl, $e[1].RequestProtocol) | Should -Be @('-', '-', '-')
        $e[2].DomainName | Should -Be 'www.example.com'
        $e[3].Type | Should -Be 'h3'
        $e.LineNumber | Should -Be @(1, 2, 3, 5)
        ($warns -match 'fields\.log:4: field 20 runs into the next').Count | Should -Be 1
        ($warns -match "fields\.log:5: the type 'h3' is not one AWS documents").Count | Should -Be 1
    }

    It 'gives Measure-AlbAccessLog the same keys' {
        (Measure-AlbAccessLog -LiteralPath $fieldLog -By ClientIp -WarningAction SilentlyContinue).Key | Should -Contain '2001:db8::7'
        (Measure-AlbAccessLog -LiteralPath $fieldLog -By Url -StatusCode 400 -WarningAction SilentlyContinue).Key | Should -Be '-'
    }
}

Describe 'File and folder names that carry terminal escape sequences' {
    # A name may hold any character but '/': the messages that quote it must not reach a terminal raw.
    It 'shows them visibly in the warning for a skipped FIFO and in the error for a damaged file' {
        $e = [char]27
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive "names$e]0;title$([char]7)")
        $fifo = New-Fifo (Join-Path $dir "node$e[2J.log.gz")
        [IO.File]::WriteAllBytes((Join-Path $dir "bad$e[31m.log.gz"), [byte[]](0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3))
        try {
            $r = Invoke-Bounded { param($p) Get-AlbAccessLog -Path $p } @($dir.FullName)
            $r.TimedOut | Should -BeFalse
            $r.Errors | Should -HaveCount 1
            $naming = @($r.Warnings -match 'FIFO') + @($r.Errors | ForEach-Object { "$_" })
            $naming | Should -HaveCount 2
            foreach ($text in @($r.Warnings) + $naming) {
                $text | Should -Not -Match '[\x00-\x08\x0b-\x1f\x7f]' -Because 'no control character may reach the terminal'
            }
            $naming | ForEach-Object { $_ | Should -Match '␛' -Because 'the escape is shown, visibly' }
            $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogGzip*'
        }
        finally { Unblock-Fifo $fifo; [IO.Directory]::Delete($dir.FullName, $true) }
    }

    It 'shows them visibly in the warnings for malformed lines and an undocumented request type' {
        $e = [char]27
        $file = Join-Path $TestDrive "lines$e[2J.log"
        $good = $docLines | Where-Object { $_ -like 'http *' } | Select-Object -First 1
        Set-Content -LiteralPath $file -Encoding utf8NoBOM -Value @("broken$e]8;;http://x$e\ line", ($good -replace '^http ', "h$e[1mttp "))
        try {
            $r = Invoke-Bounded { param($p) Measure-AlbAccessLog -LiteralPath $p } @($file)
            $r.TimedOut | Should -BeFalse
            $r.Warnings.Count | Should -BeGreaterOrEqual 2
            foreach ($text in $r.Warnings) { $text | Should -Not -Match '[\x00-\x08\x0b-\x1f\x7f]' -Because 'no control character may reach the terminal' }
            @($r.Warnings -match '^Malformed line skipped: .*lines␛\[2J\.log:1: ') | Should -HaveCount 1
        }
        finally { [IO.File]::Delete($file) }   # Pester's clean-up of TestDrive reads '[' as a wildcard
    }
}
