# The sample snapshots in samples/: docs/snapshot-format.md format, and an environment that hangs together,
# so that what a diagnosis finds in them is the scenario's fault and not the sample's.
BeforeDiscovery {
    # The generated scenario snapshots (they carry _scenario); other commands' example files in samples/ are tested by their own suites.
    $script:samples = @(Get-ChildItem (Join-Path $PSScriptRoot '../../samples') -Filter *.json | Where-Object { (Get-Content -Raw $_.FullName) -match '"_scenario"' } |
        ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:sections = 'DescribeLoadBalancers', 'DescribeListeners', 'DescribeRules', 'DescribeTargetGroups', 'DescribeTargetHealth',
    'DescribeLoadBalancerAttributes', 'DescribeTargetGroupAttributes', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeSubnets',
    'DescribeRouteTables', 'DescribeNetworkInterfaces', 'DescribeInstances', 'GetManagedPrefixListEntries', 'GetWebACLForResource'

    function Read-Sample([string] $Path) { Get-Content -Raw $Path | ConvertFrom-Json }
    function Get-Keys($Map) { if ($null -eq $Map) { @() } else { @($Map.PSObject.Properties.Name) } }
    function Test-InCidr([string] $Ip, [string] $Cidr) {
        $net, $bits = $Cidr -split '/'
        $toInt = { param($a) $b = ([Net.IPAddress]$a).GetAddressBytes(); [uint32]$b[0] -shl 24 -bor [uint32]$b[1] -shl 16 -bor [uint32]$b[2] -shl 8 -bor [uint32]$b[3] }
        $mask = if ([int]$bits -eq 0) { [uint32]0 } else { [uint32]::MaxValue -shl (32 - [int]$bits) }
        ((& $toInt $Ip) -band $mask) -eq ((& $toInt $net) -band $mask)
    }

    # Every broken cross-reference in a snapshot, as one line each; empty when the environment hangs together.
    # Checks whose section is missing are skipped: a missing section is allowed when Errors says why.
    function Get-SnapshotProblem($Snap) {
        $has = { param($n) (Get-Keys $Snap) -contains $n }
        $lbs = @($Snap.DescribeLoadBalancers.LoadBalancers)
        $sgIds = @($Snap.DescribeSecurityGroups.SecurityGroups | ForEach-Object GroupId)
        $subnets = @($Snap.DescribeSubnets.Subnets)
        $subnetIds = @($subnets | ForEach-Object SubnetId)
        $enis = @($Snap.DescribeNetworkInterfaces.NetworkInterfaces)
        $instances = @($Snap.DescribeInstances.Reservations | ForEach-Object { $_.Instances })
        $instanceIds = @($instances | ForEach-Object InstanceId)
        $tgs = @($Snap.DescribeTargetGroups.TargetGroups)
        $tgArns = @($tgs | ForEach-Object TargetGroupArn)
        $listeners = @($Snap.DescribeListeners.Listeners)
        $rules = @($Snap.DescribeRules.Rules)

        # Security groups named anywhere exist.
        $sgRefs = @(
            $lbs | ForEach-Object { $_.SecurityGroups | ForEach-Object { "load balancer: $_" } }
            $enis | ForEach-Object { $e = $_; $_.Groups | ForEach-Object { "ENI $($e.NetworkInterfaceId): $($_.GroupId)" } }
            $instances | ForEach-Object { $i = $_; $_.SecurityGroups | ForEach-Object { "instance $($i.InstanceId): $($_.GroupId)" } }
            $Snap.DescribeSecurityGroups.SecurityGroups | ForEach-Object {
                $g = $_; @($_.IpPermissions) + @($_.IpPermissionsEgress) | ForEach-Object { $_.UserIdGroupPairs } | ForEach-Object { "rule of $($g.GroupId): $($_.GroupId)" } })
        foreach ($ref in $sgRefs) {
            if ($sgIds -notcontains ($ref -split ': ')[-1]) { "security group not in DescribeSecurityGroups, referenced by $ref" }
        }
        # Prefix lists named in rules are in GetManagedPrefixListEntries.
        $pls = Get-Keys $Snap.GetManagedPrefixListEntries
        $Snap.DescribeSecurityGroups.SecurityGroups | ForEach-Object { @($_.IpPermissions) + @($_.IpPermissionsEgress) } | ForEach-Object { $_.PrefixListIds } |
            Where-Object { $pls -notcontains $_.PrefixListId } | ForEach-Object { "prefix list $($_.PrefixListId) has no GetManagedPrefixListEntries" }

        # Every subnet in use exists, has exactly one network ACL and a route table (its own or the main one).
        $usedSubnets = @($lbs | ForEach-Object { $_.AvailabilityZones.SubnetId }) + @($enis | ForEach-Object SubnetId) + @($instances | ForEach-Object SubnetId)
        $usedSubnets | Sort-Object -Unique | Where-Object { $subnetIds -notcontains $_ } | ForEach-Object { "subnet $_ is used but not in DescribeSubnets" }
        if (& $has 'DescribeNetworkAcls') {
            $aclAssociations = @($Snap.DescribeNetworkAcls.NetworkAcls | ForEach-Object { $_.Associations })
            foreach ($id in $subnetIds) {
                $n = @($aclAssociations | Where-Object SubnetId -EQ $id).Count
                if ($n -ne 1) { "subnet $id has $n network ACL associations, not 1" }
            }
            $aclAssociations | Where-Object { $subnetIds -notcontains $_.SubnetId } | ForEach-Object { "network ACL $($_.NetworkAclId) is associated with unknown subnet $($_.SubnetId)" }
        }
        $routeTables = @($Snap.DescribeRouteTables.RouteTables)
        foreach ($subnet in $subnets) {
            $own = @($routeTables | Where-Object { @($_.Associations | ForEach-Object SubnetId) -contains $subnet.SubnetId })
            $main = @($routeTables | Where-Object { $_.VpcId -eq $subnet.VpcId -and @($_.Associations | Where-Object Main).Count -gt 0 })
            if ($own.Count -gt 1) { "subnet $($subnet.SubnetId) is associated with $($own.Count) route tables" }
            if ($own.Count -eq 0 -and $main.Count -ne 1) { "subnet $($subnet.SubnetId) has no route table and its VPC no main one" }
        }
        foreach ($rt in $routeTables) {
            if (-not @($rt.Routes | Where-Object GatewayId -EQ 'local')) { "route table $($rt.RouteTableId) has no local route" }
        }

        # The load balancer has an ENI "ELB app/<name>/<id>" in each of its subnets, with its security groups;
        # its attributes and web ACL are keyed by its ARN.
        foreach ($lb in $lbs) {
            $description = 'ELB ' + ($lb.LoadBalancerArn -replace '^.*:loadbalancer/', '')
            foreach ($az in $lb.AvailabilityZones) {
                $eni = @($enis | Where-Object { $_.Description -eq $description -and $_.SubnetId -eq $az.SubnetId })
                if ($eni.Count -ne 1) { "load balancer $($lb.LoadBalancerName) has $($eni.Count) ENIs '$description' in $($az.SubnetId), not 1" }
                elseif (Compare-Object @($eni[0].Groups.GroupId) @($lb.SecurityGroups)) { "ENI $($eni[0].NetworkInterfaceId) does not carry the load balancer's security groups" }
            }
            if ((Get-Keys $Snap.DescribeLoadBalancerAttributes) -notcontains $lb.LoadBalancerArn) { "no DescribeLoadBalancerAttributes for $($lb.LoadBalancerArn)" }
            if ((& $has 'GetWebACLForResource') -and (Get-Keys $Snap.GetWebACLForResource) -notcontains $lb.LoadBalancerArn) { "no GetWebACLForResource for $($lb.LoadBalancerArn)" }
        }

        # Instances and their primary ENIs agree.
        foreach ($instance in $instances) {
            foreach ($ni in $instance.NetworkInterfaces) {
                $eni = $enis | Where-Object NetworkInterfaceId -EQ $ni.NetworkInterfaceId
                if (-not $eni) { "ENI $($ni.NetworkInterfaceId) of instance $($instance.InstanceId) is not in DescribeNetworkInterfaces" }
                elseif ($eni.Attachment.InstanceId -ne $instance.InstanceId) { "ENI $($ni.NetworkInterfaceId) is not attached to $($instance.InstanceId)" }
            }
        }

        # Listeners, rules and the target groups they forward to.
        $lbArns = @($lbs | ForEach-Object LoadBalancerArn)
        $listenerArns = @($listeners | ForEach-Object ListenerArn)
        $listeners | Where-Object { $lbArns -notcontains $_.LoadBalancerArn } | ForEach-Object { "listener $($_.ListenerArn) belongs to an unknown load balancer" }
        foreach ($rule in $rules) {
            $listenerArn = $rule.RuleArn -replace ':listener-rule/', ':listener/' -replace '/[^/]+$', ''
            if ($listenerArns -notcontains $listenerArn) { "rule $($rule.RuleArn) has no listener $listenerArn" }
        }
        foreach ($listener in $listeners) {
            $defaults = @($rules | Where-Object { $_.IsDefault -and $_.RuleArn.StartsWith(($listener.ListenerArn -replace ':listener/', ':listener-rule/') + '/') })
            if ($defaults.Count -ne 1) { "listener $($listener.ListenerArn) has $($defaults.Count) default rules, not 1" }
        }
        $actions = @($listeners | ForEach-Object { $_.DefaultActions }) + @($rules | ForEach-Object { $_.Actions })
        $forwarded = @($actions | ForEach-Object { $_.TargetGroupArn; $_.ForwardConfig.TargetGroups.TargetGroupArn } | Where-Object { $_ } | Sort-Object -Unique)
        $forwarded | Where-Object { $tgArns -notcontains $_ } | ForEach-Object { "actions forward to target group $_, which is not in DescribeTargetGroups" }

        # Each target group: health and attributes, known load balancers, targets that exist.
        $addresses = @($enis | ForEach-Object { $_.PrivateIpAddresses.PrivateIpAddress })
        $vpcCidrs = @($routeTables | ForEach-Object { $_.Routes } | Where-Object GatewayId -EQ 'local' | ForEach-Object DestinationCidrBlock | Sort-Object -Unique)
        foreach ($tg in $tgs) {
            $tg.LoadBalancerArns | Where-Object { $lbArns -notcontains $_ } | ForEach-Object { "target group $($tg.TargetGroupName) names unknown load balancer $_" }
            if ((Get-Keys $Snap.DescribeTargetGroupAttributes) -notcontains $tg.TargetGroupArn) { "no DescribeTargetGroupAttributes for $($tg.TargetGroupName)" }
            if ((Get-Keys $Snap.DescribeTargetHealth) -notcontains $tg.TargetGroupArn) { "no DescribeTargetHealth for $($tg.TargetGroupName)"; continue }
            foreach ($d in $Snap.DescribeTargetHealth.($tg.TargetGroupArn).TargetHealthDescriptions) {
                $id = $d.Target.Id
                $problem = switch ($tg.TargetType) {
                    'instance' { if ($instanceIds -notcontains $id) { 'is not in DescribeInstances' } }
                    'ip' {
                        $inVpc = @($vpcCidrs | Where-Object { Test-InCidr $id $_ }).Count -gt 0
                        if ($inVpc -and $addresses -notcontains $id) { 'is in the VPC but no ENI has that address' }
                        if (-not $inVpc -and $d.Target.AvailabilityZone -ne 'all') { 'is outside the VPC, so its AvailabilityZone must be "all"' }
                    }
                    'lambda' { if ($id -notmatch '^arn:aws:lambda:') { 'is not a Lambda function ARN' } }
                }
                if ($problem) { "target $id of $($tg.TargetGroupName) $problem" }
            }
        }
    }
}

Describe 'Sample <Name>' -ForEach $samples {
    BeforeAll {
        $script:snap = Read-Sample $Path
        $script:scenario = $snap._scenario
    }

    It 'is a version 1 snapshot holding every section, or saying in Errors why not' {
        $snap.AlbSnapshotVersion | Should -Be 1
        $snap.Region | Should -Match '^[a-z]{2}-[a-z]+-\d$'
        [datetime]$snap.CollectedAt | Should -BeOfType [datetime]
        foreach ($section in $sections) {
            ((Get-Keys $snap) -contains $section -or (Get-Keys $snap.Errors) -contains $section) | Should -BeTrue -Because "$section is missing and Errors does not say why"
        }
        @($snap.DescribeLoadBalancers.LoadBalancers).Count | Should -BeGreaterThan 0
    }

    It 'hangs together: every reference resolves' {
        (Get-SnapshotProblem $snap) -join "`n" | Should -BeNullOrEmpty
    }

    It 'says what is broken and what the diagnosis must say, naming resources it holds' {
        $scenario.Summary | Should -Not -BeNullOrEmpty
        @($scenario.Diagnosis).Count | Should -BeGreaterThan 0
        $scenario.ExpectedStatus | Should -BeIn 'Healthy', 'Problems', 'Unknown'
        if ($scenario.ExpectedStatus -eq 'Problems') {
            @($scenario.Broken).Count | Should -BeGreaterThan 0
            @($scenario.EvidenceMustName).Count | Should -BeGreaterThan 0
            @($scenario.StatusCodes).Count | Should -BeGreaterThan 0
        }
        $data = $snap | Select-Object * -ExcludeProperty _scenario | ConvertTo-Json -Depth 50 -Compress
        $text = ($scenario | ConvertTo-Json -Depth 5 -Compress)
        foreach ($id in [regex]::Matches($text, '\b(?:sg|acl|i|rtb|subnet|pcx|vpc|eni)-[0-9a-f]{17}\b').Value | Sort-Object -Unique) {
            $data | Should -Match $id -Because "the scenario names $id"
        }
    }
}

Describe 'The cross-reference checks' {
    # Each check must be able to fail: break one reference in a good sample and see it reported.
    BeforeAll { $script:good = Join-Path $repoRoot 'samples/healthy.json' }

    It 'reports a security group that does not exist' {
        $s = Read-Sample $good
        $gone = $s.DescribeSecurityGroups.SecurityGroups | Where-Object GroupName -Like '*-app'
        $s.DescribeSecurityGroups.SecurityGroups = @($s.DescribeSecurityGroups.SecurityGroups | Where-Object GroupId -NE $gone.GroupId)
        (Get-SnapshotProblem $s) -join "`n" | Should -Match ([regex]::Escape($gone.GroupId))
    }

    It 'reports a subnet without a network ACL' {
        $s = Read-Sample $good
        $acl = $s.DescribeNetworkAcls.NetworkAcls | Where-Object IsDefault
        $lost = $acl.Associations[0].SubnetId
        $acl.Associations = @($acl.Associations | Select-Object -Skip 1)
        (Get-SnapshotProblem $s) -join "`n" | Should -Match "subnet $lost has 0 network ACL"
    }

    It 'reports a forward to a target group that does not exist' {
        $s = Read-Sample $good
        $s.DescribeTargetGroups.TargetGroups = @($s.DescribeTargetGroups.TargetGroups | Where-Object TargetGroupName -NE 'shop-api')
        (Get-SnapshotProblem $s) -join "`n" | Should -Match 'forward to target group .*shop-api'
    }

    It 'reports a target that is not an instance' {
        $s = Read-Sample $good
        $victim = $s.DescribeInstances.Reservations[0].Instances[0].InstanceId
        $s.DescribeInstances.Reservations = @($s.DescribeInstances.Reservations | Select-Object -Skip 1)
        (Get-SnapshotProblem $s) -join "`n" | Should -Match "target $victim .*not in DescribeInstances"
    }

    It 'reports a load balancer subnet without its ENI, and a rule without its listener' {
        $s = Read-Sample $good
        $s.DescribeNetworkInterfaces.NetworkInterfaces = @($s.DescribeNetworkInterfaces.NetworkInterfaces | Where-Object Description -NotLike 'ELB app/*' | Select-Object -First 99) +
        @($s.DescribeNetworkInterfaces.NetworkInterfaces | Where-Object Description -Like 'ELB app/*' | Select-Object -Skip 1)
        $s.DescribeListeners.Listeners = @($s.DescribeListeners.Listeners | Where-Object Port -EQ 443)
        $problems = (Get-SnapshotProblem $s) -join "`n"
        $problems | Should -Match 'has 0 ENIs'
        $problems | Should -Match 'has no listener'
    }

    It 'reports an IP target outside the VPC whose zone is not "all"' {
        $s = Read-Sample (Join-Path $repoRoot 'samples/ip-peering-blackhole.json')
        $health = $s.DescribeTargetHealth.PSObject.Properties.Value[0].TargetHealthDescriptions[0]
        $health.Target.AvailabilityZone = 'eu-west-1a'
        (Get-SnapshotProblem $s) -join "`n" | Should -Match "target $([regex]::Escape($health.Target.Id)) .*outside the VPC"
    }
}

Describe 'Samples against the AWS API model' {
    # botocore (installed with the AWS CLI and moto) holds the output shape of every operation.
    BeforeAll {
        $script:checker = Join-Path $repoRoot 'build/Test-SnapshotShape.py'
        function Invoke-ShapeCheck([string[]] $Files) {
            $out = & python3 $checker @Files 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $out -join "`n" }
        }
    }

    It 'uses only members, JSON types and enum values of the CLI output of each operation' {
        $r = Invoke-ShapeCheck @(Get-ChildItem (Join-Path $repoRoot 'samples') -Filter *.json | ForEach-Object FullName)
        $r.Output | Should -Be 'OK'
        $r.ExitCode | Should -Be 0
    }

    It 'holds the fixture built to the AWS API shapes (aws-examples/documented-shapes.json) to the same rule' {
        $r = Invoke-ShapeCheck (Join-Path $repoRoot 'tests/AlbTroubleshoot.Core.Tests/TestData/snapshots/aws-examples/documented-shapes.json')
        $r.Output | Should -Be 'OK'
        $r.ExitCode | Should -Be 0
    }

    It 'reports a member the API does not have and a value outside an enum' {
        $s = Read-Sample (Join-Path $repoRoot 'samples/healthy.json')
        $s.DescribeNetworkAcls.NetworkAcls[0].Entries[0].RuleAction = 'permit'
        $s.DescribeSubnets.Subnets[0] | Add-Member -NotePropertyName Cidr -NotePropertyValue '10.0.0.0/24'
        $bad = Join-Path $TestDrive 'bad.json'
        $s | ConvertTo-Json -Depth 50 | Set-Content $bad
        $r = Invoke-ShapeCheck $bad
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match "RuleAction: 'permit' is not one of RuleAction"
        $r.Output | Should -Match 'Subnets\[0\]\.Cidr: not a member of Subnet'
    }
}

Describe 'Sample generator' {
    It 'writes exactly the committed samples, byte for byte' {
        $out = Join-Path $TestDrive 'samples'
        & (Join-Path $repoRoot 'samples/New-SampleSnapshots.ps1') -OutputDirectory $out
        $committed = @(Get-ChildItem (Join-Path $repoRoot 'samples') -Filter *.json | Where-Object { (Get-Content -Raw $_.FullName) -match '"_scenario"' } | Sort-Object Name)
        $generated = @(Get-ChildItem $out -Filter *.json | Sort-Object Name)
        $generated.Name | Should -Be $committed.Name
        foreach ($file in $committed) {
            (Get-FileHash (Join-Path $out $file.Name)).Hash | Should -Be (Get-FileHash $file.FullName).Hash -Because "$($file.Name) must be regenerated, not edited by hand"
        }
        # The access log of the traffic-only scenario.
        $committedLogs = @(Get-ChildItem (Join-Path $repoRoot 'samples/traffic') -Filter *.log | Sort-Object Name)
        @(Get-ChildItem (Join-Path $out 'traffic') -Filter *.log | Sort-Object Name).Name | Should -Be $committedLogs.Name
        foreach ($file in $committedLogs) {
            (Get-FileHash (Join-Path $out "traffic/$($file.Name)")).Hash | Should -Be (Get-FileHash $file.FullName).Hash -Because "traffic/$($file.Name) must be regenerated, not edited by hand"
        }
    }
}
