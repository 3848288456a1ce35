# -All end to end against moto (docs/fleet.md): a fleet built through real API calls in two Regions
# (tests/Pester/Moto/New-MotoFleet.py), diagnosed and exported whole through the AWS Tools stand-in and
# through the aws CLI. The CLI runs behind tests/Pester/Fleet/aws, which answers some calls as the CLI does
# when its own retries are spent (AWS_MAX_ATTEMPTS=1): throttled, or denied for one Region and one ALB.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'Moto/MotoServer.ps1')
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:savedEnv = Save-Environment -Name AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_PROFILE, AWS_SESSION_TOKEN,
        AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, PATH, FLEET_LOG, FLEET_REAL_AWS, FLEET_THROTTLE_EVERY, FLEET_DENY_REGION, FLEET_DENY_LISTENERS
    Set-MotoCredential
    $script:moto = Start-MotoServer
    $python = (Get-Command python3, python -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    # us-east-1: 3 ALBs in 2 VPCs, the first VPC's targets unreachable; eu-west-1: 2 ALBs in 1 VPC. An NLB in each.
    $fleets = & $python (Join-Path $PSScriptRoot 'Moto/New-MotoFleet.py') $moto.EndpointUrl us-east-1:3:2:1 eu-west-1:2:1
    if ($LASTEXITCODE -ne 0) { throw 'Building the moto fleets failed.' }
    $fleets = $fleets | ConvertFrom-Json
    $script:east = $fleets.'us-east-1'
    $script:west = $fleets.'eu-west-1'
    $script:endpoint = @{ EndpointUrl = $moto.EndpointUrl }
    Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force

    # What decides a diagnosis: its status and every finding's verdict.
    function script:Get-Verdicts($Diagnosis) { @($Diagnosis.Findings | ForEach-Object { "$($_.Id)=$($_.Verdict)" } | Sort-Object) -join ';' }
    function script:Get-Decisive($Diagnosis) { @($Diagnosis.Findings | Where-Object Verdict -In 'Confirmed', 'Likely' | ForEach-Object { "$($_.Id)=$($_.Verdict)" } | Sort-Object) }

    Clear-AwsStandInCall
    $script:tools = Invoke-AlbDiagnosis -All -Region us-east-1, eu-west-1 -Source AwsTools @endpoint -WarningVariable toolsWarnings -WarningAction SilentlyContinue -ErrorVariable toolsErrors
    $script:toolsWarnings = $toolsWarnings
    $script:toolsErrors = $toolsErrors
    $script:toolsCalls = Get-AwsStandInCall
}

AfterAll {
    Stop-MotoServer $moto
    Remove-Module AwsToolsStandIn -ErrorAction Ignore
    Restore-Environment $savedEnv
}

Describe 'Invoke-AlbDiagnosis -All through AWS Tools (stand-in)' {
    It 'diagnoses every ALB of both Regions once, by Region as given, then by name' {
        $tools.Count | Should -Be 5
        @($tools.LoadBalancerName) | Should -Be (@($east.Names) + @($west.Names))
        @($tools.Region) | Should -Be 'us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'eu-west-1'
        $toolsErrors | Should -BeNullOrEmpty
    }

    It 'skips each network load balancer with a warning naming it and its type' {
        $skipped = @($toolsWarnings | Where-Object { "$_" -match 'fleet-nlb' })
        $skipped.Count | Should -Be 2
        "$($skipped[0])" | Should -Match 'network load balancer; only Application Load Balancers are diagnosed'
    }

    It 'finds the unreachable targets of the broken VPC and nothing decisive elsewhere' {
        foreach ($d in $tools) {
            if ($d.Region -eq 'us-east-1' -and $d.LoadBalancerName -in $east.Broken) {
                $d.Status | Should -Be 'Problems'
                Get-Decisive $d | Should -Be '504.TargetConnectionTimeout=Confirmed'
                (($d.Findings | Where-Object Id -EQ '504.TargetConnectionTimeout').Evidence -join ' ') | Should -Match 'has no inbound rule admitting tcp/8080'
            }
            else {
                Get-Decisive $d | Should -BeNullOrEmpty
                @($d.Reachability.Verdict | Sort-Object -Unique) | Should -Be 'Reachable'
            }
        }
    }

    It 'gives each ALB the same diagnosis as diagnosing it alone' {
        foreach ($d in $tools) {
            $alone = Invoke-AlbDiagnosis -Name $d.LoadBalancerName -Region $d.Region -Source AwsTools @endpoint
            $d.Status | Should -Be $alone.Status -Because $d.LoadBalancerName
            Get-Verdicts $d | Should -Be (Get-Verdicts $alone) -Because $d.LoadBalancerName
            @($d.Reachability | ForEach-Object { "$($_.TargetId):$($_.Purpose)=$($_.Verdict)" }) | Should -Be @($alone.Reachability | ForEach-Object { "$($_.TargetId):$($_.Purpose)=$($_.Verdict)" })
        }
    }

    It 'reads each VPC''s EC2 resources once per Region, and per ALB only its own resources' {
        $by = $toolsCalls | Group-Object Command -AsHashTable
        # Shared: one call per operation and VPC (2 VPCs in us-east-1, 1 in eu-west-1).
        foreach ($c in 'Get-EC2Subnet', 'Get-EC2NetworkInterface', 'Get-EC2NetworkAcl', 'Get-EC2RouteTable', 'Get-EC2SecurityGroup', 'Get-EC2Instance') {
            $by[$c].Count | Should -Be 3 -Because $c
        }
        # Per ALB: 5 ALBs, one listener and one target group each.
        foreach ($c in 'Get-ELB2LoadBalancerAttribute', 'Get-ELB2Listener', 'Get-ELB2Rule', 'Get-ELB2TargetGroup', 'Get-ELB2TargetHealth', 'Get-ELB2TargetGroupAttribute', 'Get-WAF2WebACLForResource') {
            $by[$c].Count | Should -Be 5 -Because $c
        }
        $by['Get-ELB2LoadBalancer'].Count | Should -Be 2
        @($by['Get-ELB2LoadBalancer'] | ForEach-Object { "$($_.Region)" }) | Should -Be 'us-east-1', 'eu-west-1'
    }
}

Describe 'Export-AlbSnapshot -All' {
    It 'writes one snapshot of every ALB of both Regions that diagnoses offline as live' {
        $path = Join-Path $TestDrive 'fleet.json'
        Export-AlbSnapshot -All -Region us-east-1, eu-west-1 -Source AwsTools @endpoint -Path $path -WarningAction SilentlyContinue
        $snapshot = Get-AlbSnapshot -Path $path
        @($snapshot.LoadBalancers | Sort-Object) | Should -Be (@($east.Names) + @($west.Names) | Sort-Object)
        $snapshot.LoadBalancers | Should -Not -Contain 'fleet-nlb'
        $snapshot.Errors | Should -BeNullOrEmpty
        $offline = Invoke-AlbDiagnosis -Snapshot $path
        foreach ($d in $tools) {
            $o = $offline | Where-Object LoadBalancerArn -EQ $d.LoadBalancerArn
            Get-Verdicts $o | Should -Be (Get-Verdicts $d) -Because $d.LoadBalancerName
        }
    }

    It 'keeps -Region to one Region outside -All' {
        { Invoke-AlbDiagnosis -Name fleet-000 -Region us-east-1, eu-west-1 -Source AwsTools @endpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'OneRegionOnly,AlbTroubleshoot.Commands.InvokeAlbDiagnosisCommand'
        (Get-Command Invoke-AlbDiagnosis).Parameters['ThrottleLimit'].ParameterSets.Keys | Should -Be 'All'
    }
}

Describe 'Invoke-AlbDiagnosis -All through the aws CLI, one try per call' -Skip:$IsWindows {
    BeforeAll {
        $env:FLEET_REAL_AWS = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
        $env:FLEET_LOG = Join-Path $TestDrive 'aws-calls.log'
        $env:FLEET_THROTTLE_EVERY = '5'
        $env:FLEET_DENY_REGION = 'eu-south-2'
        $env:FLEET_DENY_LISTENERS = '/fleet-001/'
        $env:AWS_MAX_ATTEMPTS = '1'
        $env:AWS_RETRY_MODE = 'standard'
        $env:PATH = (Join-Path $PSScriptRoot 'Fleet') + [IO.Path]::PathSeparator + $env:PATH
        # The CLI costs a Python start per call: one small Region (21 calls), after one it is denied.
        $script:cli = Invoke-AlbDiagnosis -All -Region eu-south-2, eu-west-1 -Source AwsCli @endpoint -ErrorVariable cliErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -Verbose 4>&1
        $script:cliErrors = $cliErrors
        $script:log = Get-Content $env:FLEET_LOG
    }

    AfterAll {
        Restore-Environment $savedEnv
        Set-MotoCredential
    }

    It 'retries the throttled calls itself, so nothing is lost' {
        # Every fifth call: the first DescribeLoadBalancers, and calls of the workers running side by side.
        $throttled = @($log | Where-Object { $_ -like '* throttled' })
        $throttled.Count | Should -BeGreaterOrEqual 4
        $throttled[0] | Should -Be 'elbv2 describe-load-balancers eu-south-2 throttled'
        $diagnoses = @($cli | Where-Object { $_ -is [AlbTroubleshoot.Diagnosis] })
        foreach ($d in $diagnoses | Where-Object LoadBalancerName -NE 'fleet-001') {
            $d.Errors | Should -BeNullOrEmpty -Because $d.LoadBalancerName
            Get-Verdicts $d | Should -Be (Get-Verdicts ($tools | Where-Object LoadBalancerArn -EQ $d.LoadBalancerArn)) -Because $d.LoadBalancerName
            $d.Status | Should -Be 'Healthy'
        }
        @($cli | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'was throttled \(Throttling\); retry 1 of 3' }).Count | Should -BeGreaterOrEqual 1
    }

    It 'goes on past a denied Region and a denied ALB, with an error naming each' {
        $diagnoses = @($cli | Where-Object { $_ -is [AlbTroubleshoot.Diagnosis] })
        @($diagnoses.LoadBalancerName) | Should -Be $west.Names
        @($diagnoses.Region | Sort-Object -Unique) | Should -Be 'eu-west-1'
        $region = @($cliErrors | Where-Object { $_.FullyQualifiedErrorId -like 'FleetRegionFailed*' })
        $region.Count | Should -Be 1
        $region[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $region[0].TargetObject | Should -Be 'eu-south-2'
        "$($region[0])" | Should -Match 'eu-south-2.*AccessDenied'
        $alb = @($cliErrors | Where-Object { $_.FullyQualifiedErrorId -like 'FleetLoadBalancerIncomplete*' })
        $alb.Count | Should -Be 1
        "$($alb[0])" | Should -Match '^fleet-001 \(eu-west-1\): 1 call\(s\) failed.*AccessDenied'
        $alb[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $denied = $diagnoses | Where-Object LoadBalancerName -EQ 'fleet-001'
        $denied.Status | Should -Be 'Unknown'
        $denied.MissingSections + $denied.Errors -join ' ' | Should -Match 'DescribeListeners'
        # DescribeLoadBalancers (throttled once, then denied), then the next Region.
        @($log | Where-Object { $_ -like '* eu-south-2 *' }) | Should -Be 'elbv2 describe-load-balancers eu-south-2 throttled', 'elbv2 describe-load-balancers eu-south-2 denied'
    }
}
