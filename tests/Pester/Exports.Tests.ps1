# What users export findings and diagnoses to: CSV with readable Evidence, JSON that holds the
# evaluation rather than 87 copies of the catalog, CliXml (jobs, remoting) with every property.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:diagnosis = Invoke-AlbDiagnosis -Snapshot (Join-Path $repoRoot 'samples/502-target-sg.json')
    $script:confirmed = $diagnosis.Findings | Where-Object Verdict -EQ 'Confirmed' | Select-Object -First 1
    # The ErrorCause properties in the documented order (docs/public-surface.md).
    $script:causeProperties = 'StatusCode', 'Id', 'Title', 'Side', 'Description', 'Check', 'Remediation', 'Reference', 'CheckedBy', 'Verdict', 'Evidence', 'LoadBalancerName'
}

Describe 'ErrorCause keeps its documented shape' {
    It 'has the twelve properties in the documented order' {
        $confirmed.PSObject.Properties.Name | Should -Be $causeProperties
        (Get-AlbErrorCause 502 | Select-Object -First 1 | Select-Object *).PSObject.Properties.Name | Should -Be $causeProperties
    }

    It 'Evidence is a string[] to scripts' {
        $confirmed.Evidence -is [string[]] | Should -BeTrue
        $confirmed.Evidence.Count | Should -BeGreaterThan 1
        ($confirmed.Evidence | ForEach-Object { $_ }).Count | Should -Be $confirmed.Evidence.Count
        $confirmed.Evidence[0] | Should -Match 'sg-'
    }

    It 'shows the catalog text to scripts and views, from the catalog' {
        $catalog = Get-AlbErrorCause -StatusCode $confirmed.StatusCode | Where-Object Id -EQ $confirmed.Id
        $confirmed.Remediation | Should -BeExactly $catalog.Remediation
        $confirmed.Check | Should -BeExactly $catalog.Check
        $confirmed.Reference | Should -Match '^https://docs\.aws\.amazon\.com/'
        ($diagnosis.Findings | Where-Object Side -EQ 'Network').Count | Should -BeGreaterThan 0
    }
}

Describe 'Export-Csv of findings' {
    BeforeAll {
        $script:csv = Join-Path $TestDrive 'findings.csv'
        $diagnosis.Findings | Export-Csv -Path $csv -NoTypeInformation
        $script:rows = @(Import-Csv -Path $csv)
    }

    It 'writes Evidence as its lines, not System.String[]' {
        (Get-Content -Raw $csv) | Should -Not -Match 'System\.String\[\]'
        $row = $rows | Where-Object Id -EQ $confirmed.Id
        $row.Evidence | Should -Be ($confirmed.Evidence -join ' ')
    }

    It 'has one column per property, in the documented order' {
        $rows[0].PSObject.Properties.Name | Should -Be $causeProperties
        $rows.Count | Should -Be $diagnosis.Findings.Count
    }
}

Describe 'ConvertTo-Json of a diagnosis' {
    BeforeAll {
        $script:json = $diagnosis | ConvertTo-Json -WarningAction SilentlyContinue
        $script:parsed = $json | ConvertFrom-Json
    }

    It 'holds each finding as its evaluation: StatusCode, Id, Verdict, Evidence, LoadBalancerName' {
        $parsed.Findings.Count | Should -Be $diagnosis.Findings.Count
        $parsed.Findings[0].PSObject.Properties.Name | Should -Be 'StatusCode', 'Id', 'Verdict', 'Evidence', 'LoadBalancerName'
        $parsed.Findings[0].Id | Should -Be $diagnosis.Findings[0].Id
        $parsed.Findings[0].Evidence | Should -Match 'sg-ea9741ea0429eeac2'
    }

    It 'does not repeat the catalog text of every cause' {
        $json | Should -Not -Match '"Remediation"'
        $json | Should -Not -Match '"Description"'
        # Was 141 KB for this sample with the catalog text of all 87 causes.
        $json.Length | Should -BeLessThan 70KB
    }

    It 'keeps the diagnosis properties' {
        foreach ($p in 'LoadBalancerName', 'LoadBalancerArn', 'Status', 'StatusReason', 'Findings', 'Reachability', 'NaclEphemeral', 'MissingSections') {
            $parsed.PSObject.Properties.Name | Should -Contain $p
        }
        $parsed.Status | Should -Be 'Problems'
    }

    It 'still gives a piped cause every property' {
        $one = Get-AlbErrorCause 464 | Select-Object -First 1 | ConvertTo-Json | ConvertFrom-Json
        foreach ($p in $causeProperties) { $one.PSObject.Properties.Name | Should -Contain $p }
        $one.Remediation | Should -Not -BeNullOrEmpty
    }
}

Describe 'Export-Clixml (jobs, remoting)' {
    It 'round-trips every property of a finding' {
        $file = Join-Path $TestDrive 'finding.xml'
        $confirmed | Export-Clixml -Path $file
        $back = Import-Clixml -Path $file
        $back.PSObject.Properties.Name | Should -Be $causeProperties
        $back.Remediation | Should -BeExactly $confirmed.Remediation
        @($back.Evidence) | Should -Be @($confirmed.Evidence)
    }
}
