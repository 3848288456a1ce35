# The default views as a user in an 80-column terminal sees them: nothing wider than 80, column
# labels that are property names (Where-Object works on what is shown), the Verdict on every
# reachability, NACL and finding row, the load balancer named when there are several, long IDs shortened.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:samples = Join-Path $repoRoot 'samples'
    $script:both = Join-Path $TestDrive 'two-load-balancers.json'
    Get-AlbSnapshot -Path (Join-Path $samples '502-target-sg.json'), (Join-Path $samples '504-nacl-ephemeral.json') | Export-AlbSnapshot -Path $both
    $script:formatFile = [xml](Get-Content -Raw (Join-Path (Split-Path $env:ALBTROUBLESHOOT_MANIFEST) 'AlbTroubleshoot.Format.ps1xml'))

    function script:Show($Objects) { $Objects | Out-String -Width 80 }
    function script:Wider([string] $Text) { @($Text -split '\r?\n' | Where-Object { $_.TrimEnd().Length -gt 80 }) }
    # The header lines of the tables in a rendering (the line above each "---- ----" rule). PowerShell
    # squeezes a table that is too wide into 80 columns by cutting and wrapping labels ("Bloc/kedB/y"),
    # so intact labels are what shows that a view fits, not the line length alone.
    function script:Headers([string] $Text) {
        $lines = $Text -split '\r?\n'
        for ($i = 0; $i -lt $lines.Count - 1; $i++) { if ($lines[$i + 1] -match '^-+( +-+)*\s*$' -and $lines[$i].Trim()) { $lines[$i] } }
    }
}

Describe 'Every default view fits 80 columns' {
    It '<Name>' -ForEach @(
        @{ Name = 'catalog causes'; Command = { Get-AlbErrorCause 5XX } }
        @{ Name = 'evaluated causes'; Command = { Get-AlbErrorCause -Snapshot $both } }
        @{ Name = 'reachability'; Command = { Test-AlbTargetReachability -Snapshot $both } }
        @{ Name = 'reachability of a Lambda target'; Command = { Test-AlbTargetReachability -Snapshot (Join-Path $samples 'lambda-target.json') } }
        @{ Name = 'hops'; Command = { (Test-AlbTargetReachability -Snapshot (Join-Path $samples '504-nacl-deny-vpc.json'))[0].Hops } }
        @{ Name = 'NACL ephemeral'; Command = { Test-AlbNaclEphemeral -Snapshot $both } }
        @{ Name = 'standalone NACLs'; Command = { Get-Content -Raw (Join-Path $samples 'cli/describe-network-acls.json') | ConvertFrom-Json | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 } }
        @{ Name = 'snapshots'; Command = { Get-AlbSnapshot -Path (Join-Path $samples '*.json') } }
        @{ Name = 'diagnoses'; Command = { Invoke-AlbDiagnosis -Snapshot (Join-Path $samples '*.json') -WarningAction SilentlyContinue } }
        @{ Name = 'the Findings list view'; Command = { Invoke-AlbDiagnosis -Snapshot $both | Format-List -View Findings } }
        @{ Name = 'access-log entries'; Command = { Get-AlbAccessLog -Path (Join-Path $samples 'logs') -StatusCode 5XX | Select-Object -First 50 } }
        @{ Name = 'access-log summary'; Command = { Measure-AlbAccessLog -Path (Join-Path $samples 'logs') } }
        @{ Name = 'access-log summary by target'; Command = { Measure-AlbAccessLog -Path (Join-Path $samples 'logs') -By Target } }
        @{ Name = 'access-log summary by URL'; Command = { Measure-AlbAccessLog -Path (Join-Path $samples 'logs') -By Url } }
        @{ Name = 'access-log summary by target group'; Command = { Measure-AlbAccessLog -Path (Join-Path $samples 'logs') -By TargetGroup } }
        @{ Name = 'access-log evidence'; Command = { (Invoke-AlbDiagnosis -Snapshot (Join-Path $samples 'traffic-only.json') -AccessLogPath (Join-Path $samples 'traffic')).AccessLogs } }
        @{ Name = 'Athena queries'; Command = { Get-AlbAthenaQuery -LoadBalancerArn 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188' -AccessLogUri s3://my-alb-logs/prod -From '2026-11-24T00:00:00Z' -To '2026-11-25T00:00:00Z' -By Url } }
    ) {
        $objects = @(& $Command)
        $objects.Count | Should -BeGreaterThan 0
        $text = Show $objects
        Wider $text | Should -BeNullOrEmpty
        $properties = $objects[0].PSObject.Properties.Name
        foreach ($header in Headers $text) {
            foreach ($label in $header -split '\s+' | Where-Object { $_ }) { $properties | Should -Contain $label -Because "the header '$header' must show whole property names" }
        }
    }

    It 'the columns of <Name> add up to at most 80' -ForEach @(
        $formatFile.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl } | ForEach-Object { @{ Name = $_.Name; View = $_ } }
    ) {
        $columns = @($View.TableControl.TableHeaders.TableColumnHeader)
        $fixed = ($columns | Where-Object { $_.Width } | ForEach-Object { [int]$_.Width } | Measure-Object -Sum).Sum
        $free = @($columns | Where-Object { -not $_.Width })
        $free.Count | Should -BeLessOrEqual 1 -Because 'only the last column takes the rest of the line'
        foreach ($c in $columns | Where-Object { $_.Width }) { [int]$c.Width | Should -BeGreaterOrEqual $c.Label.Length -Because "the label $($c.Label) must not be cut" }
        $rest = 80 - $fixed - ($columns.Count - 1)
        if ($free.Count -eq 1) { $rest | Should -BeGreaterOrEqual $free[0].Label.Length } else { $rest | Should -BeGreaterOrEqual 0 }
    }
}

Describe 'Labels are property names' {
    It 'every table column and list item of <View> is labelled with a property of <Type>' -ForEach @(
        @{ View = 'AlbTroubleshoot.ErrorCause'; Type = 'AlbTroubleshoot.ErrorCause' }
        @{ View = 'AlbTroubleshoot.ReachabilityResult'; Type = 'AlbTroubleshoot.ReachabilityResult' }
        @{ View = 'AlbTroubleshoot.ReachabilityHop'; Type = 'AlbTroubleshoot.ReachabilityHop' }
        @{ View = 'AlbTroubleshoot.NaclEphemeralResult'; Type = 'AlbTroubleshoot.NaclEphemeralResult' }
        @{ View = 'AlbTroubleshoot.AlbSnapshot'; Type = 'AlbTroubleshoot.AlbSnapshot' }
        @{ View = 'AlbTroubleshoot.AccessLogEntry'; Type = 'AlbTroubleshoot.AccessLogEntry' }
        @{ View = 'AlbTroubleshoot.AccessLogSummary'; Type = 'AlbTroubleshoot.AccessLogSummary' }
        @{ View = 'AlbTroubleshoot.AccessLogSummary#ByKey'; Type = 'AlbTroubleshoot.AccessLogSummary' }
        @{ View = 'AlbTroubleshoot.Diagnosis'; Type = 'AlbTroubleshoot.Diagnosis' }
        @{ View = 'Findings'; Type = 'AlbTroubleshoot.Diagnosis' }
        @{ View = 'AlbTroubleshoot.AccessLogEvidence'; Type = 'AlbTroubleshoot.AccessLogEvidence' }
        @{ View = 'AlbTroubleshoot.AthenaQuery'; Type = 'AlbTroubleshoot.AthenaQuery' }
    ) {
        $properties = ([type]$Type).GetProperties().Name
        if ($Type -eq 'AlbTroubleshoot.ErrorCause') { $properties = (Get-AlbErrorCause 502 | Select-Object -First 1).PSObject.Properties.Name }
        $view = $formatFile.Configuration.ViewDefinitions.View | Where-Object Name -EQ $View
        $view | Should -Not -BeNullOrEmpty
        $labels = @($view.TableControl.TableHeaders.TableColumnHeader.Label) + @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem.Label) | Where-Object { $_ }
        $labels.Count | Should -BeGreaterThan 0
        foreach ($label in $labels) { $properties | Should -Contain $label -Because "the column '$label' of $View must be a property people can filter on" }
    }

    It 'a label seen in a table filters with Where-Object' {
        $shown = Test-AlbTargetReachability -Snapshot (Join-Path $samples '502-target-sg.json')
        $header = (Show $shown) -split '\r?\n' | Where-Object { $_ -match '^TargetId\s' } | Select-Object -First 1
        $columns = $header -split '\s+' | Where-Object { $_ }
        $columns | Should -Be 'TargetId', 'Port', 'Purpose', 'Verdict', 'BlockedBy'
        @($shown | Where-Object Verdict -EQ 'Blocked').Count | Should -Be 4
        @($shown | Where-Object Purpose -EQ 'HealthCheck').Count | Should -Be 2
    }
}

Describe 'The decision is on every row' {
    It 'has a Verdict column in the <View> table' -ForEach @(
        @{ View = 'AlbTroubleshoot.ErrorCause' }, @{ View = 'AlbTroubleshoot.ReachabilityResult' },
        @{ View = 'AlbTroubleshoot.ReachabilityHop' }, @{ View = 'AlbTroubleshoot.NaclEphemeralResult' }
    ) {
        ($formatFile.Configuration.ViewDefinitions.View | Where-Object Name -EQ $View).TableControl.TableHeaders.TableColumnHeader.Label | Should -Contain 'Verdict'
    }

    It 'shows each row''s verdict at 80 columns' {
        $text = Show (Test-AlbNaclEphemeral -Snapshot (Join-Path $samples '504-nacl-ephemeral.json'))
        ([regex]::Matches($text, '\b(Allowed|PartiallyBlocked|Blocked)\b')).Count | Should -Be @(Test-AlbNaclEphemeral -Snapshot (Join-Path $samples '504-nacl-ephemeral.json')).Count
        $causes = Get-AlbErrorCause -Snapshot (Join-Path $samples '502-target-sg.json') 502, 504
        $confirmed = @($causes | Where-Object Verdict -EQ 'Confirmed')
        $confirmed.Count | Should -BeGreaterThan 0
        foreach ($c in $confirmed) { Show $causes | Should -Match ("{0} Confirmed\s+{1}" -f $c.StatusCode, [regex]::Escape($c.Id)) }
    }
}

Describe 'Several load balancers: rows say which' {
    It '<Name> are grouped under each load balancer' -ForEach @(
        @{ Name = 'causes'; Command = { Get-AlbErrorCause -Snapshot $both 502 } }
        @{ Name = 'reachability results'; Command = { Test-AlbTargetReachability -Snapshot $both } }
        @{ Name = 'NACL results'; Command = { Test-AlbNaclEphemeral -Snapshot $both } }
        @{ Name = 'diagnoses'; Command = { Invoke-AlbDiagnosis -Snapshot $both } }
    ) {
        $text = Show (& $Command)
        $text | Should -Match 'orders-api'
        $text | Should -Match 'billing'
    }

    It 'NACL results carry the load balancer they were checked for' {
        (Test-AlbNaclEphemeral -Snapshot $both).LoadBalancerName | Sort-Object -Unique | Should -Be 'billing', 'orders-api'
    }

    It 'the catalog has no load balancer header' {
        Show (Get-AlbErrorCause 502) | Should -Not -Match 'LoadBalancerName'
    }
}

Describe 'Long IDs are shortened, the objects keep them' {
    It 'a Lambda target shows the function name' {
        $result = Test-AlbTargetReachability -Snapshot (Join-Path $samples 'lambda-target.json')
        $result.TargetId | Should -Match '^arn:aws:lambda:'
        $text = Show $result
        $text | Should -Match '\bthumbnail-render\s+0 Traffic\s+NotApplicable'
        $text | Should -Not -Match 'arn:aws:lambda'
    }

    It 'shortens by the part people tell values apart: <Value>' -ForEach @(
        @{ Value = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067'; Width = 24; Expected = 'web/73e2d6bc24d8a067' }
        @{ Value = 'arn:aws:lambda:eu-west-1:123456789012:function:thumbnail-render'; Width = 19; Expected = 'thumbnail-render' }
        @{ Value = 'https://www.example.com:443/cart/checkout'; Width = 24; Expected = '/cart/checkout' }
        @{ Value = '/var/snapshots/502-health-checks.json'; Width = 16; Expected = '502-hea…cks.json' }
        @{ Value = '2600:1f18:abcd:1200:0:0:0:1b'; Width = 19; Expected = '2600:1f18…:0:0:0:1b' }
        @{ Value = 'i-0123456789abcdef0'; Width = 19; Expected = 'i-0123456789abcdef0' }
    ) {
        $short = [AlbTroubleshoot.ViewText]::Fit($Value, $Width)
        $short | Should -BeExactly $Expected
        $short.Length | Should -BeLessOrEqual $Width
    }
}
