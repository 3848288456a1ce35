# Test-AlbTargetReachability and the load-balancer mode of Test-AlbNaclEphemeral on the samples/
# snapshots, against what each sample's _scenario says a diagnosis must find.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:samples = Join-Path (Resolve-Path "$PSScriptRoot/../..").Path 'samples'
    function script:Sample([string] $Name) { Join-Path $samples "$Name.json" }
}

Describe 'Test-AlbTargetReachability' {
    It 'blocks both targets of 502-target-sg on tcp/8080 by the target group, for traffic and health checks' {
        $r = Test-AlbTargetReachability -Snapshot (Sample '502-target-sg')
        $r.Count | Should -Be 4
        $r | ForEach-Object { $_ | Should -BeOfType ([AlbTroubleshoot.ReachabilityResult]) }
        ($r.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        ($r.BlockedBy | Sort-Object -Unique) | Should -Be 'sg-ea9741ea0429eeac2'
        ($r.Port | Sort-Object -Unique) | Should -Be 8080
        ($r | Where-Object Purpose -EQ 'Traffic').StatusCodes | Sort-Object -Unique | Should -Be 504
        ($r | Where-Object Purpose -EQ 'HealthCheck')[0].StatusCodes | Should -Be @(502, 504)
        $r.TargetId | Sort-Object -Unique | Should -Be @('i-59ef3c97d749e0168', 'i-a97a86c619f5df208')
        $r[0].Explanation | Should -Match 'sg-ea9741ea0429eeac2 \(orders-app\) has no inbound rule admitting tcp/8080 from sg-503d9bd059ec1d5cc'
        $r[0].Explanation | Should -Match 'only tcp/22 from 203\.0\.113\.0/24'
    }

    It 'takes a piped snapshot object and names the zones of a partial block (504-nacl-ephemeral)' {
        $r = Get-AlbSnapshot -Path (Sample '504-nacl-ephemeral') | Test-AlbTargetReachability
        ($r.Verdict | Sort-Object -Unique) | Should -Be 'PartiallyBlocked'
        ($r.BlockedBy | Sort-Object -Unique) | Should -Be 'acl-37c7801f39a360bf0'
        $r[0].Explanation | Should -Match 'subnet-f3a69178f842fe9a8 \(eu-west-1b\), subnet-7db79b2b4b32e20b9 \(eu-west-1c\) but not from subnet-97db5821612bc3fac'
        $r[0].Explanation | Should -Match '1024-32767'
    }

    It 'shows per node which hop blocks, with the rule (504-nacl-deny-vpc)' {
        $hops = (Test-AlbTargetReachability -Snapshot (Sample '504-nacl-deny-vpc'))[0].Hops | Where-Object Verdict -NE 'Allowed'
        $hops.Count | Should -Be 3
        ($hops.Step | Sort-Object -Unique) | Should -Be 'AlbSubnetNaclInbound'
        ($hops.Rule | Sort-Object -Unique) | Should -Be 'acl-47d11dfab20ea7705 inbound rule 90 deny tcp 1024-65535 from 10.0.0.0/16'
        ($hops.SourceSubnetId | Sort-Object -Unique).Count | Should -Be 3
    }

    It 'finds the blackhole route to IP targets in a peered VPC, and filters by target group' {
        $arn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/hybrid-legacy/599548afc31e32f6'
        $r = Test-AlbTargetReachability -Snapshot (Sample 'ip-peering-blackhole') -TargetGroupArn $arn
        ($r.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        ($r.BlockedBy | Sort-Object -Unique) | Should -Be 'rtb-caa06d6f1d78622df'
        $r.TargetAddress | Should -Contain '10.20.1.15'
        $r[0].Explanation | Should -Match 'pcx-2f4525c44f321ffa1, a blackhole route'
    }

    It 'raises no false alarm on the healthy sample' {
        $r = Test-AlbTargetReachability -Snapshot (Sample 'healthy')
        $r.Count | Should -Be 8
        ($r.Verdict | Sort-Object -Unique) | Should -Be 'Reachable'
        $r | ForEach-Object { $_.BlockedBy.Count | Should -Be 0; $_.StatusCodes.Count | Should -Be 0 }
    }

    It 'says NotApplicable for Lambda targets and Unknown, naming the section, without NACLs' {
        (Test-AlbTargetReachability -Snapshot (Sample 'lambda-target')).Verdict | Sort-Object -Unique | Should -Be 'NotApplicable'
        $u = Test-AlbTargetReachability -Snapshot (Sample 'unknown-missing-sections')
        ($u.Verdict | Sort-Object -Unique) | Should -Be 'Unknown'
        $u[0].Explanation | Should -Match 'DescribeNetworkAcls was not collected'
    }

    It 'serializes with strings for verdicts and [] for empty lists' {
        $json = Test-AlbTargetReachability -Snapshot (Sample 'healthy') | Select-Object -First 1 | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.Verdict | Should -Be 'Reachable'
        $json.Purpose | Should -Be 'Traffic'
        , $json.BlockedBy | Should -BeOfType [object[]]
        $json.BlockedBy.Count | Should -Be 0
        $json.Hops[0].Step | Should -Be 'AlbSecurityGroupEgress'
        $json.Hops[0].Verdict | Should -Be 'Allowed'
    }

    It 'has a default table view with the verdict and what blocks' {
        $text = Test-AlbTargetReachability -Snapshot (Sample '502-target-sg') | Format-Table | Out-String -Width 250
        $text | Should -Match 'LoadBalancerName: orders-api  TargetGroupName: orders-api'
        $text | Should -Match 'TargetId\s+Port\s+Purpose\s+Verdict\s+BlockedBy'
        $text | Should -Match 'i-59ef3c97d749e0168\s+8080\s+Traffic\s+Blocked\s+sg-ea9741ea0429eeac2'
    }

    It 'writes an error for a target group the snapshot does not have, and goes on' {
        $r = Test-AlbTargetReachability -Snapshot (Sample 'healthy') -TargetGroupArn 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/nope/1' -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -Be 'TargetGroupNotFound,AlbTroubleshoot.Commands.TestAlbTargetReachabilityCommand'
        $errs[0].Exception.Message | Should -Match 'targetgroup/nope/1'
    }

    It 'reports a missing snapshot file with its error ID' {
        { Test-AlbTargetReachability -Snapshot (Join-Path $samples 'no-such.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'SnapshotFileNotFound,AlbTroubleshoot.Commands.TestAlbTargetReachabilityCommand'
    }
}

Describe 'Test-AlbNaclEphemeral (load balancer and snapshot)' {
    It 'finds the two ALB subnets whose NACL leaves 1024-32767 uncovered (504-nacl-ephemeral)' {
        $r = Test-AlbNaclEphemeral -Snapshot (Sample '504-nacl-ephemeral')
        $bad = $r | Where-Object Verdict -NE 'Allowed'
        ($bad.NetworkAclId | Sort-Object -Unique) | Should -Be 'acl-37c7801f39a360bf0'
        ($bad.SubnetId | Sort-Object -Unique) | Should -Be @('subnet-7db79b2b4b32e20b9', 'subnet-f3a69178f842fe9a8')
        ($bad.Role | Sort-Object -Unique) | Should -Be 'LoadBalancerSubnet'
        ($bad.Direction | Sort-Object -Unique) | Should -Be 'Inbound'
        ($bad.Verdict | Sort-Object -Unique) | Should -Be 'PartiallyBlocked'
        ($bad.BlockedRanges | Sort-Object -Unique) | Should -Be '1024-32767'
        $bad[0].Explanation | Should -Match 'rule 120 allow tcp 32768-65535'
        $r | Where-Object { $_.NetworkAclId -eq 'acl-aee371d5a4c28f8b4' -and $_.PortRange -eq '1024-65535' -and $_.Direction -eq 'Inbound' } |
            ForEach-Object { $_.Verdict | Should -Be 'Allowed' }
        ($r | Where-Object Role -EQ 'TargetSubnet').Verdict | Sort-Object -Unique | Should -Be 'Allowed'
    }

    It 'names rule 90 for the deny before the allow, from a piped snapshot (504-nacl-deny-vpc)' {
        $bad = Get-AlbSnapshot -Path (Sample '504-nacl-deny-vpc') | Test-AlbNaclEphemeral | Where-Object Verdict -NE 'Allowed'
        ($bad.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        ($bad.DecidingRules | Sort-Object -Unique) | Should -Be 90
        ($bad.PeerCidr | Sort-Object -Unique) | Should -Be @('10.0.10.0/24', '10.0.11.0/24', '10.0.12.0/24')
    }

    It 'checks the client side on the listener ports from anywhere for an internet-facing ALB' {
        $r = Test-AlbNaclEphemeral -Snapshot (Sample 'healthy')
        ($r.Verdict | Sort-Object -Unique) | Should -Be 'Allowed'
        $r | Where-Object { $_.PeerCidr -eq '0.0.0.0/0' -and $_.Direction -eq 'Inbound' } | ForEach-Object PortRange | Sort-Object -Unique | Should -Be @('443', '80')
    }

    It 'says Unknown and names DescribeNetworkAcls when the snapshot lacks it' {
        $r = Test-AlbNaclEphemeral -Snapshot (Sample 'unknown-missing-sections')
        $r.Verdict | Should -Be 'Unknown'
        $r.Explanation | Should -Match 'DescribeNetworkAcls'
    }
}

Describe '-Name selects load balancers within a snapshot' {
    BeforeAll {
        # One file holding two load balancers: orders-api (502-target-sg) and billing (504-nacl-ephemeral).
        $script:combined = Join-Path $TestDrive 'two.json'
        Get-AlbSnapshot -Path (Sample '502-target-sg'), (Sample '504-nacl-ephemeral') | Export-AlbSnapshot -Path $combined
        (Get-AlbSnapshot -Path $combined).LoadBalancers | Sort-Object | Should -Be @('billing', 'orders-api')
    }

    It 'keeps <Command> to the named load balancer, and reports a name the snapshot lacks' -ForEach @(
        @{ Command = 'Test-AlbTargetReachability' }, @{ Command = 'Test-AlbNaclEphemeral' }, @{ Command = 'Get-AlbErrorCause' }
    ) {
        $all = @(& $Command -Snapshot $combined)
        $one = @(& $Command -Snapshot $combined -Name orders-api)
        $alone = @(& $Command -Snapshot (Sample '502-target-sg'))
        $one.Count | Should -BeGreaterThan 0
        $one.Count | Should -BeLessThan $all.Count -Because 'without -Name every load balancer of the file is analysed'
        $one.Count | Should -Be $alone.Count -Because 'the selection gives what the load balancer alone gives'
        if ($one[0].PSObject.Properties['LoadBalancerName']) { $one.LoadBalancerName | Sort-Object -Unique | Should -Be 'orders-api' }
        $none = @(& $Command -Snapshot $combined -Name no-such-alb -ErrorVariable errs -ErrorAction SilentlyContinue)
        $none.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'LoadBalancerNotFound,*'
    }
}

Describe 'A snapshot with no load balancer' {
    It '<Command> writes NoLoadBalancerInSnapshot, naming the file' -ForEach @(
        @{ Command = 'Test-AlbTargetReachability' }, @{ Command = 'Test-AlbNaclEphemeral' }
        @{ Command = 'Get-AlbErrorCause' }, @{ Command = 'Invoke-AlbDiagnosis' }
    ) {
        $empty = Join-Path $TestDrive 'empty.json'
        Set-Content -Path $empty -Value '{ "AlbSnapshotVersion": 1, "DescribeLoadBalancers": { "LoadBalancers": [] } }'
        $out = @(& $Command -Snapshot $empty -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoLoadBalancerInSnapshot,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -Match 'empty\.json'
    }
}
