# Invoke-AlbDiagnosis over the sample snapshots: the status each scenario expects, the decisive findings
# at the top, the -StatusCode focus, selection within a snapshot, errors, progress, views and JSON.
BeforeDiscovery {
    $samplesDir = Join-Path $PSScriptRoot '../../samples'
    # The scenarios (files with _scenario); samples/ also holds inputs of other cmdlets.
    $script:scenarios = @(Get-ChildItem $samplesDir -Filter *.json | ForEach-Object {
            $json = Get-Content -Raw $_.FullName | ConvertFrom-Json
            if ($json.PSObject.Properties['_scenario']) { @{ Sample = $_.Name; Expected = $json._scenario.ExpectedStatus } }
        })
    # Every Confirmed and Likely finding each scenario lists (its _scenario.Decisive): the verdict matrix, through the cmdlet.
    $script:decisive = @(Get-ChildItem $samplesDir -Filter *.json | ForEach-Object {
            $json = Get-Content -Raw $_.FullName | ConvertFrom-Json
            if ($json.PSObject.Properties['_scenario'] -and @($json._scenario.Decisive.PSObject.Properties).Count -gt 0) {
                @{ Sample = $_.Name; Decisive = @($json._scenario.Decisive.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" } | Sort-Object) }
            }
        })
}

BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:samples = (Resolve-Path (Join-Path $PSScriptRoot '../../samples')).Path
    function Get-Sample([string] $Name) { Join-Path $samples $Name }
}

Describe 'Invoke-AlbDiagnosis on <Sample>' -ForEach $scenarios {
    It 'has the status the scenario expects: <Expected>' {
        $d = @(Invoke-AlbDiagnosis -Snapshot (Get-Sample $Sample))
        $d.Count | Should -Be 1
        $d[0].Status | Should -Be $Expected -Because $d[0].StatusReason
        $d[0].StatusReason | Should -Not -BeNullOrEmpty
        if ($Expected -eq 'Healthy') { @($d[0].Findings | Where-Object Verdict -In 'Confirmed', 'Likely') | Should -BeNullOrEmpty }
        if ($Expected -ne 'Problems') { @($d[0].Findings | Where-Object Verdict -EQ 'Confirmed') | Should -BeNullOrEmpty }
    }
}

Describe 'Invoke-AlbDiagnosis ranks the decisive causes of <Sample> first' -ForEach $decisive {
    It 'gives exactly <Decisive> as Confirmed/Likely, at the top' {
        $d = Invoke-AlbDiagnosis -Snapshot (Get-Sample $Sample)
        $top = @($d.Findings | Where-Object Verdict -In 'Confirmed', 'Likely')
        # The whole set, so a spurious Confirmed fails as surely as a missing one.
        @($top | ForEach-Object { "$($_.Id)=$($_.Verdict)" } | Sort-Object) | Should -Be $Decisive
        # The decisive ones come first, before any Possible, Unknown or RuledOut finding.
        @($d.Findings | Select-Object -First $top.Count).Id | Should -Be $top.Id
        ($d.Findings | ForEach-Object { [AlbTroubleshoot.Diagnosis]::SeverityRank($_.Verdict) }) -join ',' |
            Should -Be (($d.Findings | ForEach-Object { [AlbTroubleshoot.Diagnosis]::SeverityRank($_.Verdict) } | Sort-Object) -join ',')
    }
}

Describe 'Invoke-AlbDiagnosis' {
    It 'attaches the path and NACL results that decided a network cause' {
        $d = Invoke-AlbDiagnosis -Snapshot (Get-Sample '502-target-sg.json')
        @($d.Reachability).Count | Should -BeGreaterThan 0
        $d.Reachability | ForEach-Object { $_ | Should -BeOfType ([AlbTroubleshoot.ReachabilityResult]) }
        @($d.Reachability | Where-Object Verdict -EQ 'Blocked').BlockedBy | Sort-Object -Unique | Should -Be 'sg-ea9741ea0429eeac2'
        $d.StatusReason | Should -Match 'sg-ea9741ea0429eeac2'

        $n = Invoke-AlbDiagnosis -Snapshot (Get-Sample '504-nacl-ephemeral.json')
        $partial = @($n.NaclEphemeral | Where-Object { $_.NetworkAclId -eq 'acl-37c7801f39a360bf0' -and $_.Verdict -eq 'PartiallyBlocked' })
        $partial.Count | Should -BeGreaterThan 0
        $partial[0].BlockedRanges | Should -Contain '1024-32767'
    }

    It 'focuses on -StatusCode and says so' {
        $d = Invoke-AlbDiagnosis -Snapshot (Get-Sample '503-empty-target-group.json') -StatusCode 503
        $d.StatusCodes | Should -Be 503
        $d.Findings.StatusCode | Sort-Object -Unique | Should -Be 503
        $classes = Invoke-AlbDiagnosis -Snapshot (Get-Sample '503-empty-target-group.json') -StatusCode 5XX
        $classes.StatusCodes | Should -Contain 502
        $classes.StatusCodes | Should -Contain 561
        $classes.Findings.StatusCode | ForEach-Object { [int]$_ | Should -BeGreaterOrEqual 500 }
    }

    It 'decides the keep-alive cause only when told the targets'' keep-alive' {
        $without = Invoke-AlbDiagnosis -Snapshot (Get-Sample '502-keepalive-draining.json') -StatusCode 502
        ($without.Findings | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection').Verdict | Should -Be 'Possible'
        $with = Invoke-AlbDiagnosis -Snapshot (Get-Sample '502-keepalive-draining.json') -StatusCode 502 -TargetKeepAliveSeconds 5
        ($with.Findings | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection').Verdict | Should -BeIn 'Confirmed', 'Likely'
    }

    It 'diagnoses every load balancer of a snapshot, or those -Name selects' {
        $combined = Join-Path $TestDrive 'two.json'
        Get-AlbSnapshot -Path (Get-Sample 'healthy.json'), (Get-Sample '503-empty-target-group.json') | Export-AlbSnapshot -Path $combined
        $all = @(Invoke-AlbDiagnosis -Snapshot $combined)
        $all.LoadBalancerName | Sort-Object | Should -Be @('catalog', 'shop-prod')
        ($all | Where-Object LoadBalancerName -EQ 'catalog').Status | Should -Be 'Problems'
        ($all | Where-Object LoadBalancerName -EQ 'shop-prod').Status | Should -Be 'Healthy'
        $one = @(Invoke-AlbDiagnosis -Snapshot $combined -Name catalog)
        $one.LoadBalancerName | Should -Be 'catalog'
        $byArn = @(Invoke-AlbDiagnosis -Snapshot $combined -LoadBalancerArn $one[0].LoadBalancerArn)
        $byArn.LoadBalancerName | Should -Be 'catalog'
    }

    It 'writes LoadBalancerNotFound for a name the snapshot lacks and goes on with the others' {
        $d = @(Invoke-AlbDiagnosis -Snapshot (Get-Sample 'healthy.json') -Name nope, shop-prod -ErrorVariable errs -ErrorAction SilentlyContinue)
        $d.LoadBalancerName | Should -Be 'shop-prod'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Match '^LoadBalancerNotFound,'
        $errs[0].Exception.Message | Should -Match "'nope'.*shop-prod"
    }

    It 'stops with UnknownStatusCode for a code that is not an error' {
        { Invoke-AlbDiagnosis -Snapshot (Get-Sample 'healthy.json') -StatusCode 200 } |
            Should -Throw -ErrorId 'UnknownStatusCode,AlbTroubleshoot.Commands.InvokeAlbDiagnosisCommand'
    }

    It 'writes NoLoadBalancerInSnapshot for a snapshot without load balancers' {
        $empty = Join-Path $TestDrive 'empty.json'
        Set-Content -Path $empty -Value '{"AlbSnapshotVersion": 1, "DescribeLoadBalancers": {"LoadBalancers": []}}'
        $null = Invoke-AlbDiagnosis -Snapshot $empty -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Match '^NoLoadBalancerInSnapshot,'
    }

    It 'diagnoses only Application Load Balancers: a network one is an error, the application ones in the same snapshot go on' {
        $json = Get-Content -Raw (Get-Sample 'healthy.json') | ConvertFrom-Json
        $nlb = $json.DescribeLoadBalancers.LoadBalancers[0].PSObject.Copy()
        $nlb.LoadBalancerName = 'edge-nlb'
        $nlb.LoadBalancerArn = $nlb.LoadBalancerArn -replace 'app/shop-prod', 'net/edge-nlb'
        $nlb.Type = 'network'
        $json.DescribeLoadBalancers.LoadBalancers += $nlb
        $mixed = Join-Path $TestDrive 'mixed.json'
        $json | ConvertTo-Json -Depth 30 | Set-Content -Path $mixed
        foreach ($command in 'Invoke-AlbDiagnosis', 'Test-AlbTargetReachability', 'Test-AlbNaclEphemeral', 'Get-AlbErrorCause') {
            $out = @(& $command -Snapshot $mixed -ErrorVariable errs -ErrorAction SilentlyContinue)
            $errs.Count | Should -Be 1 -Because $command
            $errs[0].FullyQualifiedErrorId | Should -Match '^NotAnApplicationLoadBalancer,'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errs[0].Exception.Message | Should -Match 'edge-nlb is a network load balancer; AlbTroubleshoot diagnoses Application Load Balancers only'  
            $out.Count | Should -BeGreaterThan 0 -Because $command
            if ($command -ne 'Test-AlbNaclEphemeral') { @($out.LoadBalancerName | Sort-Object -Unique) | Should -Be 'shop-prod' -Because $command }
        }
        # Named on its own, it is still refused.
        $null = Invoke-AlbDiagnosis -Snapshot $mixed -Name edge-nlb -ErrorVariable named -ErrorAction SilentlyContinue
        $named[0].FullyQualifiedErrorId | Should -Match '^NotAnApplicationLoadBalancer,'
    }

    It 'takes snapshots from the pipeline' {
        $d = @(Get-AlbSnapshot -Path (Get-Sample '464-grpc.json') | Invoke-AlbDiagnosis -StatusCode 464)
        $d.LoadBalancerName | Should -Be 'grpc-gw'
        $d.Status | Should -Be 'Problems'
    }

    It 'reports progress with a percentage and completes it' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:ALBTROUBLESHOOT_MANIFEST).AddStatement().
            AddCommand('Invoke-AlbDiagnosis').AddParameter('Snapshot', (Get-Sample 'healthy.json'))
            $out = $ps.Invoke()
            $out.Count | Should -Be 1
            $records = @($ps.Streams.Progress | Where-Object Activity -EQ 'Diagnosing load balancers')
            $records.Count | Should -BeGreaterOrEqual 3
            $records[0].StatusDescription | Should -Match 'shop-prod \(1 of 1\)'
            ($records | Where-Object RecordType -EQ 'Processing').PercentComplete | Should -Be @(0, 33, 66)
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'serializes with strings for enums and arrays for lists' {
        $json = Invoke-AlbDiagnosis -Snapshot (Get-Sample 'unknown-missing-sections.json') | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.Status | Should -Be 'Unknown'
        $json.MissingSections | Should -Contain 'DescribeNetworkAcls'
        $json.Findings[0].Verdict | Should -BeOfType [string]
        @($json.Findings).Count | Should -BeGreaterThan 1
        @($json.Reachability).Count | Should -BeGreaterThan 0
        $json.PSObject.Properties.Name | Should -Contain 'NaclEphemeral'
    }

    It 'shows a summary by default and hides RuledOut/NotApplicable findings in the findings view, keeping them in the object' {
        $d = Invoke-AlbDiagnosis -Snapshot (Get-Sample '503-empty-target-group.json')
        $table = $d | Out-String -Width 250
        $table | Should -Match 'catalog\s+Problems\s+503\.NoRegisteredTargets \(Confirmed\)'
        $table | Should -Match '503\.NoRegisteredTargets'
        $ruledOut = @($d.Findings | Where-Object Verdict -In 'RuledOut', 'NotApplicable')
        $ruledOut.Count | Should -BeGreaterThan 0
        $view = $d | Format-List -View Findings | Out-String -Width 250
        $view | Should -Match 'Confirmed\s+503 503\.NoRegisteredTargets'
        foreach ($f in $ruledOut) { $view | Should -Not -Match ('\s' + [regex]::Escape($f.Id) + '\r?\n') }
        $view | Should -Match "\($($ruledOut.Count) RuledOut or NotApplicable: see \.Findings\)"
    }
}
