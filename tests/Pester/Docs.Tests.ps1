# The project explains itself from its own repository: docs/public-surface.md describes what scripts
# rely on, and every citation of it (or of the snapshot format) points at a section that exists.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:surface = Get-Content -Raw (Join-Path $repoRoot 'docs/public-surface.md')
    $script:sections = [regex]::Matches($surface, '(?m)^## (\d+)(?:[–-](\d+))?\.') | ForEach-Object {
        $from = [int]$_.Groups[1].Value; $to = if ($_.Groups[2].Success) { [int]$_.Groups[2].Value } else { $from }; $from..$to }
    # The property names a section of the page lists after $Lead, leaving out the values in parentheses.
    function script:PropertiesListed([string] $Type, [string] $Lead) {
        $section = [regex]::Match($surface, "(?s)``AlbTroubleshoot\.$Type``[^\n]*\n(?<body>.*?)(?=\n### |\n## )").Groups['body'].Value
        $list = [regex]::Match($section, "(?s)$([regex]::Escape($Lead)) (?<list>.*?)(?=\n- |\z)").Groups['list'].Value
        while ($list -match '\([^()]*\)') { $list = $list -replace '\([^()]*\)', '' }
        @([regex]::Matches($list, '`(\w+)`') | ForEach-Object { $_.Groups[1].Value })
    }
    Push-Location $repoRoot
    # This file names the patterns it looks for, so it is not searched itself.
    try { $script:tracked = @(git ls-files -- '*.cs' '*.ps1' '*.psm1' '*.psd1' '*.md' '*.ps1xml' '*.py' '*.yaml' '*.sh' '.editorconfig' | Where-Object { $_ -notlike 'tests/fixtures/*' -and $_ -ne 'tests/Pester/Docs.Tests.ps1' }) }
    finally { Pop-Location }
}

Describe 'docs/public-surface.md' {
    It 'names every exported cmdlet' {
        foreach ($c in (Get-Command -Module AlbTroubleshoot -CommandType Cmdlet).Name) { $surface | Should -Match ([regex]::Escape("``$c``")) }
    }

    It 'lists the ErrorCause properties in the order PowerShell shows them' {
        (PropertiesListed 'ErrorCause' 'Properties, in this order:') | Should -Be (Get-AlbErrorCause 502 | Select-Object -First 1).PSObject.Properties.Name
    }

    It 'names only properties that <Type> has' -ForEach @(
        @{ Type = 'AlbSnapshot' }, @{ Type = 'ReachabilityResult' }, @{ Type = 'NaclEphemeralResult' }, @{ Type = 'Diagnosis' }
    ) {
        $listed = PropertiesListed $Type 'Properties:'
        $listed.Count | Should -BeGreaterThan 3
        $properties = ([type]"AlbTroubleshoot.$Type").GetProperties().Name
        foreach ($p in $listed) { $properties | Should -Contain $p -Because "docs/public-surface.md lists $p for $Type" }
    }
}

Describe 'Citations stay in the repository' {
    It 'no tracked file cites the old outside contract' {
        $hits = foreach ($f in $tracked) { Select-String -LiteralPath (Join-Path $repoRoot $f) -Pattern 'contract §|contract section|shared/brief' | ForEach-Object { "${f}:$($_.LineNumber)" } }
        $hits | Should -BeNullOrEmpty
    }

    It 'every "public-surface.md §N" names a section the page has' {
        $cited = foreach ($f in $tracked) { Select-String -LiteralPath (Join-Path $repoRoot $f) -Pattern 'public-surface\.md\)? §(\d+)' -AllMatches | ForEach-Object { $_.Matches } | ForEach-Object { [int]$_.Groups[1].Value } }
        @($cited).Count | Should -BeGreaterThan 5
        foreach ($n in $cited | Sort-Object -Unique) { $sections | Should -Contain $n }
    }
}
