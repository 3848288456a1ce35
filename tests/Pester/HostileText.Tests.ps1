# Text from a snapshot file, an access log or AWS never reaches the terminal raw: the default views,
# Format-List -View Findings, the reports and the warnings of a diagnosis show control characters,
# terminal escape sequences (colours, clear screen, OSC window titles and hyperlinks), CR and
# bidirectional overrides as visible stand-ins (DisplayText), never as the characters themselves.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:e = [char]27

    # Render as a terminal would receive it: escape sequences kept (Ansi), and PowerShell's own
    # decorations off, so any ESC left in the output came from the data.
    $script:savedRendering = $PSStyle.OutputRendering
    $script:savedFormatting = @{}
    foreach ($p in 'TableHeader', 'FormatAccent', 'CustomTableHeaderLabel') { $savedFormatting[$p] = $PSStyle.Formatting.$p; $PSStyle.Formatting.$p = '' }
    $PSStyle.OutputRendering = 'Ansi'

    # A snapshot whose names, IDs and texts carry what a hostile file could: colour and clear screen,
    # an OSC 8 hyperlink and an OSC 0 window title, CR (overwrite the line), a C1 CSI, bidi overrides.
    $replacements = [ordered]@{
        'orders-api'               = 'orders\u001b[31m-api\u001b]0;pwned\u0007'
        'sg-ea9741ea0429eeac2'     = 'sg-ea9741ea\u001b[2J0429eeac2\u202e'
        'i-59ef3c97d749e0168'      = 'i-59ef3c97d\r749e0168\u009b31m'
        'acl-c94e31cb3672b5af2'    = 'acl-c94e\u001b]8;;http://evil.example/\u0007x\u001b]8;;\u0007'
        'subnet-b37a96ba4e01e27e4' = 'subnet-b37a\u2066x\u2069'
        'Request timed out'        = 'Request\u001b[8m timed out'
        '"Region": "eu-west-1"'    = '"Region": "eu-west-1\u001b[5m"'
    }
    $text = Get-Content -Raw (Join-Path $repoRoot 'samples/502-target-sg.json')
    foreach ($k in $replacements.Keys) { $text = $text.Replace($k, $replacements[$k]) }
    $script:snapshotFile = Join-Path $TestDrive "hostile-$($e)c.json"   # the file name itself resets a terminal (ESC c)
    Set-Content -LiteralPath $snapshotFile -Value $text -Encoding utf8NoBOM

    # An access log of media-api (samples/traffic-only.json) with a hostile URL, user agent and
    # target, and lines of a load balancer whose name is hostile.
    $template = (Get-Content (Get-ChildItem (Join-Path $repoRoot 'samples/traffic') -Filter *.log)[0].FullName -TotalCount 1)
    $lines = @(
        $template.Replace('GET https://media.example.com:443/', "GET https://media.example.com:443/$e[2J$e]0;title$([char]7)x").Replace('"Mozilla/5.0', """Mozilla/5.0 $e]8;;http://evil.example/$([char]7)")
        $template.Replace(' 200 200 ', ' 502 - ').Replace('GET https://media.example.com:443/', "GET https://media.example.com:443/$([char]0x9b)31m`r")
        $template.Replace('app/media-api/3971ec3caede1a36', "app/evil$e[31m/1$([char]0x202e)")
    )
    $script:logDir = Join-Path $TestDrive 'logs'
    $null = New-Item -ItemType Directory -Path $logDir
    Set-Content -LiteralPath (Join-Path $logDir 'hostile.log') -Value $lines -Encoding utf8NoBOM

    function script:Assert-Clean([string] $Rendered, [string] $What) {
        # PowerShell's own reset after a header cell is the only escape sequence allowed.
        $left = $Rendered.Replace("$e[0m", '')
        $bad = [regex]::Matches($left, '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]')
        @($bad | ForEach-Object { '{0:X4}' -f [int][char]$_.Value }) | Should -BeNullOrEmpty -Because "$What must not write control characters: $Rendered"
        # Line ends are PowerShell's own \n (and \r\n on Windows); a lone \r would overwrite the line.
        $left -replace "`r`n", "`n" | Should -Not -Match "`r" -Because "$What must not write a bare carriage return"
    }
}

AfterAll {
    $PSStyle.OutputRendering = $savedRendering
    foreach ($p in $savedFormatting.Keys) { $PSStyle.Formatting.$p = $savedFormatting[$p] }
}

Describe 'Default views of hostile snapshot data' {
    BeforeAll {
        $script:diagnosis = Invoke-AlbDiagnosis -Snapshot $snapshotFile -StatusCode 502, 504
        $script:paths = Test-AlbTargetReachability -Snapshot $snapshotFile
    }

    It 'the data reaches the objects unchanged (the views, not the objects, make it safe)' {
        $diagnosis.LoadBalancerName | Should -Be "orders$e[31m-api$e]0;pwned$([char]7)"
        @($paths.TargetId) | Should -Contain "i-59ef3c97d`r749e0168$([char]0x9b)31m"
    }

    It 'shows <What> without raw control characters' -ForEach @(
        @{ What = 'Get-AlbSnapshot'; Render = { Get-AlbSnapshot -Path $snapshotFile | Out-String -Width 250 } }
        @{ What = 'Invoke-AlbDiagnosis (table)'; Render = { $diagnosis | Out-String -Width 250 } }
        @{ What = 'Invoke-AlbDiagnosis (Format-List -View Findings)'; Render = { $diagnosis | Format-List -View Findings | Out-String -Width 250 } }
        @{ What = 'Test-AlbTargetReachability'; Render = { $paths | Out-String -Width 250 } }
        @{ What = 'the hops of a path'; Render = { $paths.Hops | Out-String -Width 250 } }
        @{ What = 'Test-AlbNaclEphemeral'; Render = { Test-AlbNaclEphemeral -Snapshot $snapshotFile | Out-String -Width 250 } }
        @{ What = 'the Markdown report'; Render = { $diagnosis | ConvertTo-AlbReport | Out-String } }
        @{ What = 'the HTML report'; Render = { $diagnosis | ConvertTo-AlbReport -Format Html | Out-String } }
    ) {
        $rendered = & $Render
        Assert-Clean $rendered $What
        $rendered | Should -Match '␛|␍|<U\+' -Because 'the hostile characters are shown, visibly'
    }
}

Describe 'Default views of hostile access-log data' {
    It 'shows <What> without raw control characters' -ForEach @(
        # The entries view (80 columns) shows only parsed fields: time, status codes, cause. No free text to show.
        @{ What = 'Get-AlbAccessLog'; Render = { Get-AlbAccessLog -Path $logDir | Out-String -Width 250 }; ShowsFreeText = $false }
        @{ What = 'Measure-AlbAccessLog -By Url'; Render = { Measure-AlbAccessLog -Path $logDir -By Url | Out-String -Width 250 } }
        @{ What = 'Measure-AlbAccessLog -By LoadBalancer'; Render = { Measure-AlbAccessLog -Path $logDir -By LoadBalancer | Out-String -Width 250 } }
        @{ What = 'the access-log evidence of a diagnosis, and its warnings'; Render = {
                $d = Invoke-AlbDiagnosis -Snapshot (Join-Path $repoRoot 'samples/traffic-only.json') -AccessLogPath $logDir -WarningVariable w -WarningAction SilentlyContinue
                ($d | Format-List -View Findings | Out-String -Width 250) + ($d.AccessLogs | Out-String -Width 250) + ($w -join "`n") } }
    ) {
        $rendered = & $Render
        Assert-Clean $rendered $What
        if ($ShowsFreeText -ne $false) { $rendered | Should -Match '␛|␍|<U\+' -Because 'the hostile characters are shown, visibly' }
    }
}
