# ConvertTo-AlbReport: the Markdown a ticket gets and the HTML page a browser opens, escaped, and
# rendered in headless Chromium when it is installed.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:samples = (Resolve-Path (Join-Path $PSScriptRoot '../../samples')).Path
    $script:chromium = Get-Command chromium, chromium-browser -CommandType Application -ErrorAction Ignore | Select-Object -First 1

    # A diagnosis whose name, evidence and path explanation carry markup.
    function New-HostileDiagnosis {
        $hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> | **x**'
        # The engine never builds such a finding, so the test reaches its internal constructor.
        $internal = [Reflection.BindingFlags]'NonPublic,Public,Static,Instance'
        $definition = [AlbTroubleshoot.ErrorCause].Assembly.GetType('AlbTroubleshoot.Catalog.CauseCatalog', $true).GetMethod('FindById', $internal).Invoke($null, @('503.NoRegisteredTargets'))
        [AlbTroubleshoot.ErrorCause[]] $findings = [AlbTroubleshoot.ErrorCause].GetConstructors($internal)[0].Invoke(@($definition, 503, [Enum]::Parse([AlbTroubleshoot.ErrorCause].Assembly.GetType('AlbTroubleshoot.CauseVerdict', $true), 'Confirmed'), [string[]]@($hostile), $hostile))
        [AlbTroubleshoot.Diagnosis]::new($hostile, 'arn:x', $findings, $null, $null, $null, $null)
    }

    function Read-Xhtml([string] $Html) {
        $settings = [Xml.XmlReaderSettings]@{ DtdProcessing = 'Ignore' }
        $reader = [Xml.XmlReader]::Create([IO.StringReader]::new($Html), $settings)
        try { $doc = [Xml.XmlDocument]::new(); $doc.Load($reader); $doc } finally { $reader.Dispose() }
    }
}

Describe 'ConvertTo-AlbReport -Format Markdown' {
    BeforeAll {
        $script:d = Invoke-AlbDiagnosis -Snapshot (Join-Path $samples '503-empty-target-group.json')
        $script:md = $d | ConvertTo-AlbReport
    }

    It 'writes one string, summary first' {
        @($d | ConvertTo-AlbReport).Count | Should -Be 1
        $md | Should -BeOfType [string]
        ($md -split "`n")[0] | Should -Be '# ALB diagnosis: catalog'
        $md.IndexOf('## Summary') | Should -BeLessThan $md.IndexOf('### Findings')
        $md | Should -Match '\| catalog \| \*\*Problems\*\* \| \d+ Confirmed'
    }

    It 'gives each open finding its evidence, check, remediation and reference, in the diagnosis order' {
        $open = @($d.RelevantFindings() | Where-Object Verdict -NE 'Possible')
        $md | Should -Match "### Findings \($($open.Count)\)"
        $possible = @($d.RelevantFindings() | Where-Object Verdict -EQ 'Possible')
        $md | Should -Match "### Possible: for traffic evidence to decide \($($possible.Count)\)"
        foreach ($f in $possible) { $md | Should -Match ("\| {0:000} \| ``{1}`` " -f $f.StatusCode, [regex]::Escape($f.Id)) }
        $md | Should -Match '#### 1\. \*\*Confirmed\*\* 503 `503\.NoRegisteredTargets`'
        $positions = $open | Select-Object -First 5 | ForEach-Object { $md.IndexOf("``$($_.Id)``") }
        $positions | Should -Be ($positions | Sort-Object)
        $md | Should -Match 'catalog-web'
        $md | Should -Match 'i-09aa81eff585f2992'
        $md | Should -Match '- \*\*Remediation:\*\* '
        $md | Should -Match '- \*\*Reference:\*\* \[https://docs\.aws\.amazon\.com/'
    }

    It 'lists the ruled-out causes briefly, the path and NACL tables, and the references' {
        $setAside = @($d.SetAsideFindings())
        $md | Should -Match "### Ruled out and not applicable \($($setAside.Count)\)"
        $md | Should -Match '### Paths to the targets'
        $md | Should -Match '\| Verdict \| Target group \| Target \| Port \| Purpose \| Blocked by \| Explanation \|'
        $md | Should -Match '### Network ACLs on the client and target paths'
        $md | Should -Match '## AWS references'
        $md | Should -Match 'snapshot file 503-empty-target-group\.json'
        $md | Should -Not -Match ([regex]::Escape($samples))
    }

    It 'escapes markup in the data' {
        $out = New-HostileDiagnosis | ConvertTo-AlbReport
        $out | Should -Not -Match '<script>'
        $out | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt;&lt;img src=x onerror=alert\(2\)&gt; \\\| \\\*\\\*x\\\*\\\*'
    }

    It 'puts several diagnoses in one report with a summary row each' {
        $two = 'healthy.json', '504-nacl-deny-vpc.json' | ForEach-Object { Invoke-AlbDiagnosis -Snapshot (Join-Path $samples $_) } | ConvertTo-AlbReport
        ($two -split "`n")[0] | Should -Be '# ALB diagnosis: 2 load balancers'
        $two | Should -Match '\| shop-prod \| \*\*Healthy\*\* \|'
        $two | Should -Match '\| payments \| \*\*Problems\*\* \|'
    }
}

Describe 'ConvertTo-AlbReport -Format Html' {
    BeforeAll {
        $script:d = Invoke-AlbDiagnosis -Snapshot (Join-Path $samples '502-target-sg.json')
        $script:html = $d | ConvertTo-AlbReport -Format Html
    }

    It 'is well-formed, self-contained and printable' {
        $html | Should -Match '^<!DOCTYPE html>'
        $doc = Read-Xhtml $html
        $doc.DocumentElement.LocalName | Should -Be 'html'
        $doc.SelectNodes('//script|//link|//img|//iframe|//object').Count | Should -Be 0
        $doc.SelectNodes('//*[@src]').Count | Should -Be 0
        $style = $doc.SelectSingleNode('//style').InnerText
        $style | Should -Match '@media print'
        $style | Should -Not -Match '@import|url\('
        foreach ($a in $doc.SelectNodes('//a')) { $a.GetAttribute('href') | Should -Match '^https://docs\.aws\.amazon\.com/' }
    }

    It 'has a section per open finding that is not Possible, the most severe first' {
        $doc = Read-Xhtml $html
        $sections = @($doc.SelectNodes("//section[starts-with(@class, 'finding')]"))
        $sections.Count | Should -Be @($d.RelevantFindings() | Where-Object Verdict -NE 'Possible').Count
        $sections[0].GetAttribute('class') | Should -Be 'finding is-confirmed'
        $sections[0].InnerText | Should -Match ([regex]::Escape($d.Findings[0].Id))
    }

    It 'escapes every value' {
        $out = New-HostileDiagnosis | ConvertTo-AlbReport -Format Html
        $out | Should -Not -Match '<script>|<img '
        $doc = Read-Xhtml $out
        $doc.SelectNodes('//script|//img').Count | Should -Be 0
        $doc.SelectSingleNode('//title').InnerText | Should -Match ([regex]::Escape('<script>alert(1)</script>'))
    }

    It 'renders in headless Chromium with every finding in the DOM' {
        if (-not $chromium) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install chromium)'; return }
        $file = Join-Path $TestDrive 'report.html'
        [IO.File]::WriteAllText($file, $html, [Text.UTF8Encoding]::new($false))
        $profileDir = Join-Path $TestDrive 'chromium-profile'
        $dom = & $chromium.Source --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking `
            --disable-component-update --disable-sync "--user-data-dir=$profileDir" --dump-dom ([Uri]::new($file).AbsoluteUri) 2>$null
        $LASTEXITCODE | Should -Be 0
        $dom = $dom -join "`n"
        $dom | Should -Match '<h1>ALB diagnosis: orders-api</h1>'
        $dom | Should -Match 'class="badge badge-problems"'
        foreach ($f in $d.RelevantFindings()) { $dom | Should -Match ([regex]::Escape("<code>$($f.Id)</code>")) }
        ([regex]::Matches($dom, '<section class="finding')).Count | Should -Be @($d.RelevantFindings() | Where-Object Verdict -NE 'Possible').Count
        $dom | Should -Match 'sg-ea9741ea0429eeac2'
    }
}
