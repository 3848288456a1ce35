BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:samples = Join-Path $PSScriptRoot '../../samples'
    function script:Sample([string] $name) { Join-Path $samples $name }
}

Describe 'Get-AlbErrorCause (evaluation against a snapshot)' {
    It 'confirms the 503 causes of the empty-target-group sample, naming the groups and targets' {
        $causes = @(Get-AlbErrorCause -StatusCode 503 -Snapshot (Sample '503-empty-target-group.json'))
        $causes.Count | Should -Be @(Get-AlbErrorCause 503).Count
        $causes.LoadBalancerName | Sort-Object -Unique | Should -Be 'catalog'
        $causes[0].Verdict | Should -Be 'Confirmed'
        $empty = $causes | Where-Object Id -EQ '503.NoRegisteredTargets'
        $empty.Verdict | Should -Be 'Confirmed'
        $empty.Evidence[0] | Should -Match 'listener HTTPS:443 default action .*catalog-web \(arn:aws:elasticloadbalancing:'
        $empty.CheckedBy | Should -Be 'Get-AlbErrorCause'
        ($causes | Where-Object Id -EQ '503.TargetsInDisabledAvailabilityZone').Evidence -join ' ' | Should -Match 'i-09aa81eff585f2992.*Target\.NotInUse.*eu-west-1c'
        ($causes | Where-Object Id -EQ '503.FixedResponse').Verdict | Should -Be 'RuledOut'
    }

    It 'lists findings most severe first' {
        $order = 'Confirmed', 'Likely', 'Unknown', 'Possible', 'RuledOut', 'NotApplicable'
        $ranks = @(Get-AlbErrorCause -Snapshot (Sample '464-grpc.json') | ForEach-Object { $order.IndexOf($_.Verdict) })
        $ranks | Should -Not -Contain -1
        $ranks | Should -Be ($ranks | Sort-Object)
    }

    It 'finds no Confirmed or Likely cause in the healthy sample, and rules out WAF' {
        $causes = @(Get-AlbErrorCause -Snapshot (Sample 'healthy.json'))
        $causes.Count | Should -Be (@(Get-AlbErrorCause).Count + @(Get-AlbErrorCause -StatusCode 0).Count) -Because "every cause of the catalog, 000 included (the catalog lists it only when asked), is evaluated when no code is given"
        @($causes | Where-Object Verdict -In 'Confirmed', 'Likely') | Should -BeNullOrEmpty
        ($causes | Where-Object Id -EQ '403.WafWebAclBlocked').Verdict | Should -Be 'RuledOut'
    }

    It 'compares -TargetKeepAliveSeconds with the idle timeout, with the snapshot piped' {
        $snapshot = Get-AlbSnapshot -Path (Sample '502-keepalive-draining.json')
        $possible = $snapshot | Get-AlbErrorCause 502 | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection'
        $possible.Verdict | Should -Be 'Possible'
        $possible.Evidence -join ' ' | Should -Match 'idle_timeout\.timeout_seconds = 120.*Node\.js 5 s'
        ($snapshot | Get-AlbErrorCause 502 -TargetKeepAliveSeconds 5 | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection').Verdict | Should -Be 'Likely'
        ($snapshot | Get-AlbErrorCause 502 -TargetKeepAliveSeconds 130 | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection').Verdict | Should -Be 'RuledOut'
    }

    It 'binds a class given by position to -StatusCode, with a piped snapshot' {
        $causes = @(Get-AlbSnapshot -Path (Sample '503-empty-target-group.json') | Get-AlbErrorCause '5xx')
        ($causes.StatusCode | ForEach-Object { [int][math]::Floor($_ / 100) } | Sort-Object -Unique) | Should -Be 5
        $causes[0].Verdict | Should -Be 'Confirmed'
    }

    It 'takes snapshot paths from the pipeline' {
        $causes = @((Sample '403-waf.json') | Get-AlbErrorCause 403)
        ($causes | Where-Object Id -EQ '403.FixedResponse').Verdict | Should -Be 'Confirmed'
        ($causes | Where-Object Id -EQ '403.WafWebAclBlocked').Evidence[0] | Should -Match '^Web ACL portal-protection rule rate-limit-per-ip \(priority 0\) blocks'
    }

    It 'evaluates the codes of piped access-log entries once each' {
        $entries = [pscustomobject]@{ ElbStatusCode = 464 }, [pscustomobject]@{ ElbStatusCode = 503 }, [pscustomobject]@{ ElbStatusCode = 464 }
        $causes = @($entries | Get-AlbErrorCause -Snapshot (Sample '464-grpc.json'))
        $causes.StatusCode | Sort-Object -Unique | Should -Be 464, 503
        @($causes.Id | Sort-Object -Unique).Count | Should -Be $causes.Count
        ($causes | Where-Object Id -EQ '464.Http1ToGrpcTargetGroup').Verdict | Should -Be 'Confirmed'
    }

    It 'serializes verdicts as strings and evidence as arrays' {
        $json = Get-AlbErrorCause 503 -Snapshot (Sample '503-empty-target-group.json') | Select-Object -First 1 | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.Verdict | Should -Be 'Confirmed'
        , $json.Evidence | Should -BeOfType [object[]]
        $json.LoadBalancerName | Should -Be 'catalog'
    }

    It 'names the missing section when a check cannot decide' {
        $nacl = Get-AlbErrorCause 504 -Snapshot (Sample 'unknown-missing-sections.json') | Where-Object Id -EQ '504.NaclEphemeralPortsBlocked'
        $nacl.Verdict | Should -Be 'Unknown'
        $nacl.Evidence[0] | Should -Match 'DescribeNetworkAcls'
    }

    It 'writes UnknownStatusCode for a code no ALB returns and evaluates the others' {
        $out = @(Get-AlbErrorCause -StatusCode 200, 503 -Snapshot (Sample '503-empty-target-group.json') -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownStatusCode,AlbTroubleshoot.Commands.GetAlbErrorCauseCommand'
        $out.StatusCode | Sort-Object -Unique | Should -Be 503
        $out[0].Verdict | Should -Be 'Confirmed'
    }

    It 'refuses -TargetKeepAliveSeconds without a load balancer' {
        { Get-AlbErrorCause 502 -TargetKeepAliveSeconds 5 -ErrorAction Stop } | Should -Throw -ErrorId 'LoadBalancerNotSpecified,AlbTroubleshoot.Commands.GetAlbErrorCauseCommand'
    }

    It 'reports a missing snapshot file and a snapshot without load balancers' {
        Get-AlbErrorCause -Snapshot (Join-Path $TestDrive 'none.json') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'SnapshotFileNotFound,AlbTroubleshoot.Commands.GetAlbErrorCauseCommand'

        $empty = Join-Path $TestDrive 'empty.json'
        Set-Content -Path $empty -Value '{"AlbSnapshotVersion":1,"DescribeLoadBalancers":{"LoadBalancers":[]}}'
        Get-AlbErrorCause -Snapshot $empty -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2[0].FullyQualifiedErrorId | Should -Be 'NoLoadBalancerInSnapshot,AlbTroubleshoot.Commands.GetAlbErrorCauseCommand'
        $errs2[0].Exception.Message | Should -Match 'empty\.json'
    }

    It 'evaluates every load balancer of a snapshot' {
        $both = Join-Path $TestDrive 'both.json'
        $a = Get-Content -Raw (Sample '503-empty-target-group.json') | ConvertFrom-Json -AsHashtable
        $b = Get-Content -Raw (Sample '464-grpc.json') | ConvertFrom-Json -AsHashtable
        foreach ($key in @($b.Keys)) {
            if ($key -in 'DescribeLoadBalancers') { $a[$key].LoadBalancers += $b[$key].LoadBalancers }
            elseif ($key -in 'DescribeListeners') { $a[$key].Listeners += $b[$key].Listeners }
            elseif ($key -in 'DescribeRules') { $a[$key].Rules += $b[$key].Rules }
            elseif ($key -in 'DescribeTargetGroups') { $a[$key].TargetGroups += $b[$key].TargetGroups }
            elseif ($b[$key] -is [System.Collections.IDictionary] -and $a[$key] -is [System.Collections.IDictionary] -and $key -like 'Describe*' -and $key -notin 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeSubnets', 'DescribeRouteTables', 'DescribeNetworkInterfaces', 'DescribeInstances') {
                foreach ($k in $b[$key].Keys) { $a[$key][$k] = $b[$key][$k] }
            }
        }
        $a | ConvertTo-Json -Depth 30 | Set-Content -Path $both
        $causes = @(Get-AlbErrorCause 464, 503 -Snapshot $both)
        $causes.LoadBalancerName | Sort-Object -Unique | Should -Be 'catalog', 'grpc-gw'
        ($causes | Where-Object { $_.LoadBalancerName -eq 'grpc-gw' -and $_.Id -eq '464.Http1ToGrpcTargetGroup' }).Verdict | Should -Be 'Confirmed'
        ($causes | Where-Object { $_.LoadBalancerName -eq 'catalog' -and $_.Id -eq '464.Http1ToGrpcTargetGroup' }).Verdict | Should -Be 'RuledOut'
    }
}
