# End to end against a real endpoint: the moto 'web' scenario (tests/Pester/Moto), broken through
# real API calls (the aws CLI) in two ways — the targets' security group no longer admits the load
# balancer, and the ALB subnets' NACL denies the replies from one target subnet — then found by
# Test-AlbTargetReachability through the aws CLI collector, and by both cmdlets through the AWS Tools
# collector (stand-in module), with a call count that does not depend on the number of targets.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'Moto/MotoServer.ps1')
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:savedEnv = Save-Environment
    Set-MotoCredential
    $script:moto = Start-MotoServer
    $script:scenario = New-MotoScenario $moto
    $script:live = @{ Region = 'us-east-1'; EndpointUrl = $moto.EndpointUrl }
    function script:Invoke-Aws { Invoke-MotoAws $moto @args }

    # Break 1: the app group admits only SSH from an office range, not tcp/8080 from the ALB group.
    $fromAlb = ConvertTo-Json -Compress -Depth 5 @(@{ IpProtocol = 'tcp'; FromPort = 8080; ToPort = 8080
            UserIdGroupPairs = @(@{ GroupId = $scenario.AlbSecurityGroupId; Description = 'from alb' }) })
    Invoke-Aws ec2 revoke-security-group-ingress --group-id $scenario.AppSecurityGroupId --ip-permissions $fromAlb | Out-Null
    Invoke-Aws ec2 authorize-security-group-ingress --group-id $scenario.AppSecurityGroupId `
        --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=203.0.113.0/24}]' | Out-Null
    # Break 2: the ALB subnets (the VPC's default NACL) deny replies from the first target subnet before allowing all.
    $script:albAcl = (Invoke-Aws ec2 describe-network-acls --filters "Name=vpc-id,Values=$($scenario.VpcId)" 'Name=default,Values=true' |
            ConvertFrom-Json).NetworkAcls[0].NetworkAclId
    Invoke-Aws ec2 create-network-acl-entry --network-acl-id $albAcl --ingress --rule-number 90 --protocol 6 `
        --port-range 'From=1024,To=65535' --cidr-block 10.20.11.0/24 --rule-action deny | Out-Null

    $script:cliResults = Test-AlbTargetReachability -Name web -Source AwsCli @live
    # One CLI diagnosis for the tests that read it: each collection is about 18 aws processes.
    $script:cliDiagnosis = Invoke-AlbDiagnosis -Name web -Source AwsCli -StatusCode 502, 504 @live
    $script:webArn = $scenario.TargetGroupArns[0]
}

AfterAll {
    Stop-MotoServer $moto
    Remove-Module AwsToolsStandIn -ErrorAction Ignore
    Restore-Environment $savedEnv
}

Describe 'Broken paths built on moto, found through the aws CLI collector' {
    It 'blocks every web-tg target by the app security group, for traffic and health checks' {
        $web = $cliResults | Where-Object TargetGroupName -EQ 'web-tg'
        $web.Count | Should -Be 4
        ($web.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        $web | ForEach-Object { $_.BlockedBy | Should -Contain $scenario.AppSecurityGroupId }
        ($web.TargetId | Sort-Object -Unique) | Should -Be ($scenario.InstanceIds | Sort-Object)
        $web[0].Explanation | Should -Match ([regex]::Escape("$($scenario.AppSecurityGroupId) (web-app) has no inbound rule admitting tcp/8080 from $($scenario.AlbSecurityGroupId)"))
        $web[0].Explanation | Should -Match 'only tcp/22 from 203\.0\.113\.0/24'
    }

    It 'names the NACL rule that drops the replies from the first target subnet, on every ALB node' {
        $first = $cliResults | Where-Object { $_.TargetGroupName -eq 'web-tg' -and $_.TargetAddress -eq $scenario.InstanceIps[0] -and $_.Purpose -eq 'Traffic' }
        $first.BlockedBy | Should -Contain $albAcl
        $hops = $first.Hops | Where-Object { $_.Step -eq 'AlbSubnetNaclInbound' }
        ($hops.SourceSubnetId | Sort-Object) | Should -Be ($scenario.AlbSubnets | Sort-Object)
        ($hops.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        ($hops.Rule | Sort-Object -Unique) | Should -Be "$albAcl inbound rule 90 deny tcp 1024-65535 from 10.20.11.0/24"
        $second = $cliResults | Where-Object { $_.TargetGroupName -eq 'web-tg' -and $_.TargetAddress -eq $scenario.InstanceIps[1] -and $_.Purpose -eq 'Traffic' }
        $second.BlockedBy | Should -Not -Contain $albAcl
    }

    It 'diagnoses the load balancer as Problems with each break confirmed once, under the code it produces' {
        $d = $cliDiagnosis
        $d.Status | Should -Be 'Problems'
        # Both are silent drops: connect timeouts (504), never also a 502.
        @($d.Findings | Where-Object Verdict -In 'Confirmed', 'Likely' | ForEach-Object { "$($_.Id)=$($_.Verdict)" } | Sort-Object) |
            Should -Be '504.NaclEphemeralPortsBlocked=Confirmed', '504.TargetConnectionTimeout=Confirmed'
        $confirmed = $d.Findings | Where-Object Verdict -EQ 'Confirmed'
        ($confirmed | Where-Object Id -EQ '504.NaclEphemeralPortsBlocked').Evidence -join ' ' | Should -Match ([regex]::Escape($albAcl))
        ($confirmed | Where-Object Id -EQ '504.TargetConnectionTimeout').Evidence -join ' ' | Should -Match ([regex]::Escape($scenario.AppSecurityGroupId))
    }
}

Describe 'The same environment through the AWS Tools collector (stand-in)' {
    BeforeAll {
        Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
    }

    It 'takes piped target groups, collects once and checks only their targets' {
        Clear-AwsStandInCall
        $r = Get-ELB2TargetGroup -Name web-tg @live | Test-AlbTargetReachability -Source AwsTools @live
        $calls = Get-AwsStandInCall | Where-Object Command -NE 'Get-ELB2TargetGroup' | Group-Object Command -NoElement
        ($r.TargetGroupName | Sort-Object -Unique) | Should -Be 'web-tg'
        ($r.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        # Per-load-balancer and per-VPC calls only: one DescribeInstances, one DescribeNetworkInterfaces, whatever the targets.
        ($calls | Where-Object Name -EQ 'Get-EC2Instance').Count | Should -Be 1
        ($calls | Where-Object Name -EQ 'Get-EC2NetworkInterface').Count | Should -BeLessOrEqual 2
        (Get-AwsStandInCall | Where-Object Command -EQ 'Get-ELB2TargetHealth').Count | Should -Be 2
    }

    It 'finds the NACL deny through Test-AlbNaclEphemeral from a piped AWS Tools load balancer' {
        $r = Get-ELB2LoadBalancer -Name web @live | Test-AlbNaclEphemeral -Source AwsTools @live
        $bad = $r | Where-Object { $_.NetworkAclId -eq $albAcl -and $_.Verdict -ne 'Allowed' }
        ($bad.PeerCidr | Sort-Object -Unique) | Should -Be '10.20.11.0/24'
        ($bad.Verdict | Sort-Object -Unique) | Should -Be 'Blocked'
        ($bad.DecidingRules | Sort-Object -Unique) | Should -Be 90
        ($bad.SubnetId | Sort-Object) | Should -Be ($scenario.AlbSubnets | Sort-Object)
    }

    It 'gives the same diagnosis from a piped AWS Tools load balancer' {
        $d = Get-ELB2LoadBalancer -Name web @live | Invoke-AlbDiagnosis -Source AwsTools -StatusCode 502, 504 @live
        $d.Status | Should -Be 'Problems'
        ($d.Findings | ForEach-Object { "$($_.Id)=$($_.Verdict)" }) | Should -Be ($cliDiagnosis.Findings | ForEach-Object { "$($_.Id)=$($_.Verdict)" })
    }
}

Describe 'More seed codes built on moto: an empty target group (503) and a gRPC group behind HTTP (464)' {
    BeforeAll {
        # Added after the tests above, which count calls per target group.
        $httpListener = $scenario.ListenerArns[0]
        $empty = (Invoke-Aws elbv2 create-target-group --name empty-tg --protocol HTTP --port 8080 --vpc-id $scenario.VpcId --target-type instance |
                ConvertFrom-Json).TargetGroups[0].TargetGroupArn
        Invoke-Aws elbv2 create-rule --listener-arn $httpListener --priority 20 --conditions 'Field=path-pattern,Values=/empty/*' `
            --actions "Type=forward,TargetGroupArn=$empty" | Out-Null
        $script:grpc = (Invoke-Aws elbv2 create-target-group --name grpc-tg --protocol HTTP --protocol-version GRPC --port 50051 `
                --vpc-id $scenario.VpcId --target-type instance | ConvertFrom-Json).TargetGroups[0]
        Invoke-Aws elbv2 create-rule --listener-arn $httpListener --priority 30 --conditions 'Field=path-pattern,Values=/grpc/*' `
            --actions "Type=forward,TargetGroupArn=$($grpc.TargetGroupArn)" | Out-Null
        $script:emptyArn = $empty
        # One diagnosis per collector for both codes (a collection per code would only repeat the same calls).
        $script:seeded = @{ AwsCli = Invoke-AlbDiagnosis -Name web -Source AwsCli -StatusCode 503, 464 @live }
        Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
        $seeded.AwsTools = Invoke-AlbDiagnosis -Name web -Source AwsTools -StatusCode 503, 464 @live
    }

    It 'confirms <Id> through the <Source> collector, naming the target group' -ForEach @(
        @{ Source = 'AwsCli'; Id = '503.NoRegisteredTargets'; Code = 503; Group = 'empty-tg' }
        @{ Source = 'AwsCli'; Id = '464.Http1ToGrpcTargetGroup'; Code = 464; Group = 'grpc-tg' }
        @{ Source = 'AwsTools'; Id = '503.NoRegisteredTargets'; Code = 503; Group = 'empty-tg' }
        @{ Source = 'AwsTools'; Id = '464.Http1ToGrpcTargetGroup'; Code = 464; Group = 'grpc-tg' }
    ) {
        $grpc.ProtocolVersion | Should -Be 'GRPC' -Because 'moto must keep the protocol version for this scenario to mean anything'
        $d = $seeded[$Source]
        $d.StatusCodes | Should -Contain $Code
        $d.Status | Should -Be 'Problems'
        $finding = $d.Findings | Where-Object Id -EQ $Id
        $finding.Verdict | Should -Be 'Confirmed'
        $finding.Evidence -join ' ' | Should -Match $Group
    }

    It 'through the <_> collector, confirms each fault once and nothing else Likely' -ForEach 'AwsCli', 'AwsTools' {
        @($seeded[$_].Findings | Where-Object Verdict -In 'Confirmed', 'Likely' | ForEach-Object { "$($_.Id)=$($_.Verdict)" } | Sort-Object) |
            Should -Be '464.Http1ToGrpcTargetGroup=Confirmed', '503.NoRegisteredTargets=Confirmed'
    }
}
