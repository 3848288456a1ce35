# Snapshot collection against a real endpoint: a private moto server, a scenario built through real
# API calls, the aws CLI collector end-to-end, the AWS Tools collector through the stand-in module,
# call budgets, round trips and every bad input with its error ID.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'Moto/MotoServer.ps1')
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:savedEnv = Save-Environment 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'PATH', 'ALBT_TEST_DENY', 'ALBT_TEST_CODE', 'AWS_ENDPOINT_URL', 'AWS_MAX_ATTEMPTS'
    Set-MotoCredential
    $script:moto = Start-MotoServer
    $script:scenario = New-MotoScenario $moto
    $script:live = @{ Region = 'us-east-1'; EndpointUrl = $moto.EndpointUrl }

    # Counts aws CLI invocations (and can fail one command, as AWS does when a call is denied):
    # a wrapper named aws ahead of the real one on PATH.
    $script:realAws = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
    $script:wrapperDir = Join-Path ([IO.Path]::GetTempPath()) "albt-aws-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $wrapperDir
    $script:cliLog = Join-Path $wrapperDir 'calls.log'
    $wrapper = Join-Path $wrapperDir 'aws'
    Set-Content -Path $wrapper -Encoding ascii -Value @"
#!/bin/sh
echo "`$*" >> '$cliLog'
echo "`$AWS_ACCESS_KEY_ID" >> '$cliLog.keys'
if [ -n "`$ALBT_TEST_DENY" ] && [ "`$2" = "`$ALBT_TEST_DENY" ]; then
  echo "An error occurred (`${ALBT_TEST_CODE:-UnauthorizedOperation}) when calling the `$2 operation: You are not authorized to perform this operation." >&2
  exit 254
fi
exec '$realAws' "`$@"
"@
    & chmod +x $wrapper
    $env:PATH = $wrapperDir + [IO.Path]::PathSeparator + $env:PATH

    function script:Get-CliCall { if (Test-Path $cliLog) { @(Get-Content $cliLog) } else { @() } }
    function script:Get-CliKeyId { if (Test-Path "$cliLog.keys") { @(Get-Content "$cliLog.keys" | Sort-Object -Unique) } else { @() } }
    function script:Clear-CliCall { Remove-Item $cliLog, "$cliLog.keys" -ErrorAction Ignore }
    function script:Get-ModelJson($Snapshot, [switch] $WithTime) {
        # The engine's model of a snapshot, as JSON text, for comparing what two paths produced.
        $model = [AlbTroubleshoot.AlbSnapshot].GetProperty('Model', [Reflection.BindingFlags]'NonPublic,Instance').GetValue($Snapshot)
        # PrefixListLookup is a delegate: serialized, its reflection graph grows without bound.
        $json = $model | Select-Object -Property * -ExcludeProperty PrefixListLookup | ConvertTo-Json -Depth 30 -Compress
        if (-not $WithTime) { $json = $json -replace '"CollectedAt":"[^"]*"', '"CollectedAt":null' }
        $json
    }
    function script:Get-Budget([int] $Listeners, [int] $TargetGroups, [int] $PrefixLists) { 11 + $Listeners + 2 * $TargetGroups + $PrefixLists }

    # The aws CLI starts a Python process per call (about a second on a busy machine), so the suite
    # makes one full CLI collection, shared by the tests below: both ALBs of the scenario, explicit
    # keys, -Verbose. The other CLI tests stop after one call. The AWS Tools path (in-process) covers
    # the single-ALB budget and the failures that need a whole collection; both paths run the same
    # collector and must give the same model.
    Clear-CliCall
    $script:secret = 'sEcReT' + [guid]::NewGuid().ToString('n')
    $output = Get-AlbSnapshot -Name web, admin -Source AwsCli @live -AccessKey AKIAEXAMPLE -SecretKey $secret -Verbose 4>&1
    $script:cliSnapshot = $output | Where-Object { $_ -is [AlbTroubleshoot.AlbSnapshot] }
    $script:cliVerbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    $script:cliCalls = Get-CliCall
    $script:cliKeyIds = Get-CliKeyId
    $script:doc = $cliSnapshot.ToJson() | ConvertFrom-Json
}

AfterAll {
    Stop-MotoServer $moto
    Remove-Module AwsToolsStandIn -ErrorAction Ignore
    Restore-Environment $savedEnv
    if ($wrapperDir) { Remove-Item $wrapperDir -Recurse -Force -ErrorAction Ignore }
}

Describe 'aws CLI collector against moto' {
    It 'returns one complete snapshot of the named ALB' {
        $cliSnapshot | Should -HaveCount 1
        $cliSnapshot | Should -BeOfType ([AlbTroubleshoot.AlbSnapshot])
        @($cliSnapshot.LoadBalancers | Sort-Object) | Should -Be @('admin', 'web')
        $cliSnapshot.LoadBalancerArns | Should -Contain $scenario.LoadBalancerArn
        $cliSnapshot.LoadBalancerArns | Should -Contain $scenario.AdminLoadBalancerArn
        $cliSnapshot.Region | Should -Be 'us-east-1'
        $cliSnapshot.Source | Should -Be 'AwsCli'
        $cliSnapshot.Errors | Should -BeNullOrEmpty
        $cliSnapshot.MissingSections | Should -BeNullOrEmpty
        $cliSnapshot.CollectedAt | Should -BeGreaterThan ([datetime]::UtcNow.AddMinutes(-10))
    }

    It 'holds the listeners, rules, target groups and health of the ALB' {
        $webListeners = @($doc.DescribeListeners.Listeners | Where-Object LoadBalancerArn -EQ $scenario.LoadBalancerArn)
        @($webListeners.ListenerArn | Sort-Object) | Should -Be @($scenario.ListenerArns | Sort-Object)
        @($doc.DescribeRules.Rules | Where-Object { $_.Conditions.Values -contains '/api/*' }) | Should -HaveCount 1
        @($doc.DescribeTargetGroups.TargetGroups.TargetGroupArn | Sort-Object) | Should -Be @($scenario.TargetGroupArns + $scenario.AdminTargetGroupArn | Sort-Object)
        $web, $api = $scenario.TargetGroupArns
        @($doc.DescribeTargetHealth.$web.TargetHealthDescriptions.Target.Id | Sort-Object) | Should -Be @($scenario.InstanceIds | Sort-Object)
        $doc.DescribeTargetHealth.$api.TargetHealthDescriptions.Target.Id | Should -Be $scenario.IpTargets
        ($doc.DescribeLoadBalancerAttributes.($scenario.LoadBalancerArn).Attributes | Where-Object Key -EQ 'idle_timeout.timeout_seconds').Value | Should -Be '120'
        $doc.DescribeTargetGroupAttributes.$web.Attributes.Count | Should -BeGreaterThan 0
        $doc.GetWebACLForResource.($scenario.LoadBalancerArn).PSObject.Properties.Name | Should -Be 'WebACL'
        $doc.GetWebACLForResource.($scenario.LoadBalancerArn).WebACL | Should -BeNullOrEmpty
    }

    It 'holds the network around it: groups of the ALB and its targets, prefix lists, NACLs, subnets, routes, ENIs, instances' {
        @($doc.DescribeSecurityGroups.SecurityGroups.GroupId | Sort-Object) | Should -Be @($scenario.AlbSecurityGroupId, $scenario.AppSecurityGroupId | Sort-Object)
        $app = $doc.DescribeSecurityGroups.SecurityGroups | Where-Object GroupId -EQ $scenario.AppSecurityGroupId
        $app.IpPermissions.UserIdGroupPairs.GroupId | Should -Be $scenario.AlbSecurityGroupId
        @($doc.GetManagedPrefixListEntries.($scenario.PrefixListId).Entries.Cidr | Sort-Object) | Should -Be @('198.51.100.0/24', '203.0.113.0/24')
        $acl = $doc.DescribeNetworkAcls.NetworkAcls | Where-Object NetworkAclId -EQ $scenario.NetworkAclId
        @($acl.Associations.SubnetId | Sort-Object) | Should -Be @($scenario.AppSubnets | Sort-Object)
        ($acl.Entries | Where-Object { $_.RuleNumber -eq 200 }).RuleAction | Should -Be 'deny'
        @($doc.DescribeSubnets.Subnets.SubnetId | Sort-Object) | Should -Be @($scenario.AlbSubnets + $scenario.AppSubnets | Sort-Object)
        ($doc.DescribeRouteTables.RouteTables | Where-Object RouteTableId -EQ $scenario.RouteTableId).Routes.DestinationCidrBlock | Should -Contain '0.0.0.0/0'
        $albEnis = @($doc.DescribeNetworkInterfaces.NetworkInterfaces | Where-Object Description -EQ ('ELB ' + ($scenario.LoadBalancerArn -split ':loadbalancer/')[1]))
        $albEnis | Should -HaveCount 2
        $doc.DescribeNetworkInterfaces.NetworkInterfaces.PrivateIpAddress | Should -Contain $scenario.IpTargets[0]
        @($doc.DescribeInstances.Reservations.Instances.InstanceId | Sort-Object) | Should -Be @($scenario.InstanceIds | Sort-Object)
    }

    It 'stays within the call budget and shares the EC2 calls between the ALBs' {
        # web: 2 listeners, 2 target groups (3 targets); admin: 1 listener, 1 target group; 1 prefix list.
        # DescribeLoadBalancers and the six EC2 calls once for both; 4 calls per ALB; L + 2T; P.
        $cliCalls.Count | Should -BeLessOrEqual (1 + 6 + 4 * 2 + 3 + 2 * 3 + 1)
        foreach ($op in 'describe-load-balancers', 'describe-subnets', 'describe-network-acls', 'describe-route-tables', 'describe-network-interfaces', 'describe-instances', 'describe-security-groups') {
            @($cliCalls | Where-Object { ($_ -split ' ')[1] -eq $op }) | Should -HaveCount 1 -Because "$op is one call for all ALBs, groups and targets"
        }
        @($cliCalls | Where-Object { $_ -like 'elbv2 describe-target-health *' }) | Should -HaveCount 3
    }

    It 'only reads: every call is a describe or get' {
        foreach ($call in $cliCalls) { ($call -split ' ')[1] | Should -Match '^(describe|get)-' }
    }

    It 'makes exactly the calls docs/permissions.md allows' {
        $doc = Get-Content -Raw (Join-Path $repoRoot 'docs/permissions.md')
        $policy = [regex]::Match($doc, '(?s)```json\s*(\{.*?\})\s*```').Groups[1].Value | ConvertFrom-Json
        $allowed = @($policy.Statement.Action | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object)
        $service = @{ elbv2 = 'elasticloadbalancing'; ec2 = 'ec2'; wafv2 = 'wafv2' }
        $made = @($cliCalls | ForEach-Object {
                $svc, $cmd = ($_ -split ' ')[0, 1]
                "$($service[$svc]):$($cmd -replace '-', '')".ToLowerInvariant()
            } | Sort-Object -Unique)
        $made | Should -Be $allowed
    }

    It 'passes -AccessKey/-SecretKey only through the environment of the aws process' {
        $cliKeyIds | Should -Be 'AKIAEXAMPLE'
        $cliCalls.Count | Should -BeGreaterThan 10
        ($cliCalls -join "`n") | Should -Not -Match $secret
        ($cliCalls -join "`n") | Should -Not -Match 'AKIAEXAMPLE'
        ($cliVerbose -join "`n") | Should -Not -Match $secret
        ($cliSnapshot.ToJson()) | Should -Not -Match $secret
        $cliVerbose | Should -Contain "AwsCli: $($cliCalls.Count) AWS calls."
    }
}

Describe 'Failure handling' {
    It 'writes LoadBalancerNotFound for an unknown name (aws CLI), with a PSCredential as the key pair' {
        Clear-CliCall
        $cred = [pscredential]::new('AKIDFROMCRED', (ConvertTo-SecureString 'secret' -AsPlainText -Force))
        $snap = Get-AlbSnapshot -Name nosuch -Source AwsCli @live -Credential $cred -ErrorVariable errs -ErrorAction SilentlyContinue
        $snap | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'LoadBalancerNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
        $errs[0].TargetObject | Should -Be 'nosuch'
        Get-CliKeyId | Should -Be 'AKIDFROMCRED'
    }

    It 'writes AwsAccessDenied (PermissionDenied) naming the IAM action when the aws CLI is denied DescribeLoadBalancers' {
        $env:ALBT_TEST_DENY = 'describe-load-balancers'
        try { $snap = Get-AlbSnapshot -Name web -Source AwsCli @live -ErrorVariable errs -ErrorAction SilentlyContinue }
        finally { $env:ALBT_TEST_DENY = $null }
        $snap | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AwsAccessDenied,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errs[0].Exception.ErrorCode | Should -Be 'UnauthorizedOperation'
        "$($errs[0])" | Should -Match 'UnauthorizedOperation: You are not authorized to perform this operation\. The credentials need elasticloadbalancing:DescribeLoadBalancers \(docs/permissions\.md lists the policy\)'
    }

    It 'writes LoadBalancerNotFound for an unknown ARN and returns nothing' {
        $arn = $scenario.LoadBalancerArn -replace '/[0-9a-f]+$', '/0000000000000000'
        $snap = Get-AlbSnapshot -LoadBalancerArn $arn -Source AwsCli @live -ErrorVariable errs -ErrorAction SilentlyContinue
        $snap | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'LoadBalancerNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
    }

    It 'stops with one AwsCredentialsNotFound error (AuthenticationError) saying how to set credentials when the CLI has none' {
        $saved = $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY, $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE, $env:AWS_EC2_METADATA_DISABLED
        $env:AWS_ACCESS_KEY_ID = $null; $env:AWS_SECRET_ACCESS_KEY = $null
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $wrapperDir 'none'; $env:AWS_CONFIG_FILE = Join-Path $wrapperDir 'none'; $env:AWS_EC2_METADATA_DISABLED = 'true'
        Clear-CliCall
        try { $err = { Get-AlbSnapshot -Name web -Source AwsCli @live } | Should -Throw -ErrorId 'AwsCredentialsNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand' -PassThru }
        finally { $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY, $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE, $env:AWS_EC2_METADATA_DISABLED = $saved }
        Get-CliCall | Should -HaveCount 1
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$err" | Should -Match 'Unable to locate credentials'
        "$err" | Should -Match 'Set-AWSCredential -ProfileName'
        "$err" | Should -Match 'aws configure'
    }

    It 'stops with AwsEndpointUnreachable (ConnectionError) naming the endpoint when nothing listens there' {
        $closed = "http://127.0.0.1:$(Get-FreeTcpPort)/"
        $env:AWS_MAX_ATTEMPTS = '1'   # the CLI's own retries of a refused connection would only slow the test
        try { $err = { Get-AlbSnapshot -Name web -Source AwsCli -Region us-east-1 -EndpointUrl $closed } | Should -Throw -ErrorId 'AwsEndpointUnreachable,AlbTroubleshoot.Commands.GetAlbSnapshotCommand' -PassThru }
        finally { $env:AWS_MAX_ATTEMPTS = $null }
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        "$err" | Should -Match ([regex]::Escape("Could not reach $closed"))
    }

    It 'says how to install AWS Tools or the CLI when neither is there (<Source>)' -ForEach @(
        @{ Source = 'Auto'; Id = 'AwsSourceNotFound' }
        @{ Source = 'AwsCli'; Id = 'AwsCliNotFound' }
        @{ Source = 'AwsTools'; Id = 'AwsToolsNotFound' }
    ) {
        $env:PATH = Join-Path $wrapperDir 'empty'
        try {
            $err = { Get-AlbSnapshot -Name web -Source $Source @live } | Should -Throw -ErrorId "$Id,AlbTroubleshoot.Commands.GetAlbSnapshotCommand" -PassThru
        }
        finally { $env:PATH = $wrapperDir + [IO.Path]::PathSeparator + $savedEnv['PATH'] }
        if ($Source -ne 'AwsCli') { $err.Exception.Message | Should -Match 'Install-Module AWS.Tools' }
        if ($Source -ne 'AwsTools') { $err.Exception.Message | Should -Match 'getting-started-install' }
        $err.Exception.Message | Should -Match '-Snapshot'
    }

    It 'asks which load balancer when none is given' {
        { Get-AlbSnapshot -Source AwsCli @live } | Should -Throw -ErrorId 'LoadBalancerNotSpecified,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
        { Get-AlbSnapshot } | Should -Throw -ErrorId 'LoadBalancerNotSpecified,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
    }
}

Describe 'Snapshot files' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) "albt-files-$([guid]::NewGuid().ToString('n'))"
        $null = New-Item -ItemType Directory -Path $dir
    }
    AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction Ignore }

    It 'round-trips: collect, export, read gives the same model' {
        $file = Join-Path $dir 'collected.json'
        $cliSnapshot | Export-AlbSnapshot -Path $file
        $read = Get-AlbSnapshot -Path $file
        $read.Source | Should -Be $file
        Get-ModelJson $read -WithTime | Should -Be (Get-ModelJson $cliSnapshot -WithTime)
        (Get-Content -Raw $file | ConvertFrom-Json).AlbSnapshotVersion | Should -Be 1
    }

    It 'takes snapshots and paths from the pipeline and combines several into one file' {
        $webOnly = Join-Path $dir 'webonly.json'
        Get-AlbSnapshot -Snapshot (Join-Path $dir 'collected.json') | Export-AlbSnapshot -Path $webOnly
        $combined = Join-Path $dir 'combined.json'
        (Join-Path $dir 'collected.json'), $webOnly | Export-AlbSnapshot -Path $combined
        $read = Get-AlbSnapshot -Path $combined
        # Merging by ID: the same ALBs twice give the same model once.
        Get-ModelJson $read | Should -Be (Get-ModelJson $cliSnapshot)
    }

    It 'reads files piped as FileInfo and wildcards' {
        $fromFile = @(Get-ChildItem $dir -Filter 'collected.json' | Get-AlbSnapshot)
        $fromFile | Should -HaveCount 1
        $fromFile[0].Source | Should -Be (Join-Path $dir 'collected.json')
        @(Get-AlbSnapshot -Path (Join-Path $dir '*.json')).Count | Should -Be @(Get-ChildItem $dir -Filter *.json).Count
    }

    It 'binds -Snapshot from a path or an object, and piped snapshots' {
        $file = Join-Path $dir 'collected.json'
        (Get-AlbSnapshot -Snapshot $file).Source | Should -Be $file
        (Get-AlbSnapshot -Snapshot $cliSnapshot).Source | Should -Be 'AwsCli'
        ($cliSnapshot | Get-AlbSnapshot).Source | Should -Be 'AwsCli'
        ($file | Get-AlbSnapshot).Source | Should -Be $file
    }

    It 'rejects <Case> with <Id>, naming the file' -ForEach @(
        @{ Case = 'a file that is not JSON'; Text = '{ "AlbSnapshotVersion": 1, '; Id = 'SnapshotNotJson' }
        @{ Case = 'JSON that is not a snapshot'; Text = '{ "LoadBalancers": [] }'; Id = 'SnapshotNotASnapshot' }
        @{ Case = 'a snapshot of a newer version'; Text = '{ "AlbSnapshotVersion": 99 }'; Id = 'SnapshotVersionNotSupported' }
    ) {
        $file = Join-Path $dir "bad-$Id.json"
        Set-Content -Path $file -Value $Text
        $err = { Get-AlbSnapshot -Path $file } | Should -Throw -ErrorId "$Id,AlbTroubleshoot.Commands.GetAlbSnapshotCommand" -PassThru
        $err.Exception.Message | Should -Match ([regex]::Escape($file))
        { Export-AlbSnapshot -Snapshot $file -Path (Join-Path $dir 'out.json') } | Should -Throw -ErrorId "$Id,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand"
    }

    It 'writes SnapshotFileNotFound for a missing file and reads the rest' {
        $good = Join-Path $dir 'collected.json'
        $snaps = Get-AlbSnapshot -Path (Join-Path $dir 'missing.json'), $good -ErrorVariable errs -ErrorAction SilentlyContinue
        @($snaps).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'SnapshotFileNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
    }
}

Describe 'AWS Tools collector through the stand-in module' {
    BeforeAll {
        Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
        Clear-AwsStandInCall
        $script:toolsSnapshot = Get-AlbSnapshot -Name web, admin -Source AwsTools @live
        $script:toolsCalls = Get-AwsStandInCall
        Clear-AwsStandInCall
        $script:toolsWeb = Get-AlbSnapshot -Name web -Source AwsTools @live
        $script:toolsWebCalls = Get-AwsStandInCall
    }
    AfterAll { Remove-Module AwsToolsStandIn -ErrorAction Ignore }

    It 'gets real AWSSDK.EC2 v4 objects and SDK-shaped ELB2 objects from the stand-in' {
        $group = Get-EC2SecurityGroup -GroupId $scenario.AppSecurityGroupId @live
        $group | Should -BeOfType ([Amazon.EC2.Model.SecurityGroup])
        $group.IpPermissions[0].Ipv6Ranges | Should -BeNullOrEmpty
        (Get-ELB2LoadBalancer -Name web @live).Scheme.Value | Should -Be 'internet-facing'
    }

    It 'yields the same model as the aws CLI collector' {
        $toolsSnapshot.Source | Should -Be 'AwsTools'
        $toolsSnapshot.Errors | Should -BeNullOrEmpty
        $toolsSnapshot.MissingSections | Should -BeNullOrEmpty
        Get-ModelJson $toolsSnapshot | Should -Be (Get-ModelJson $cliSnapshot)
    }

    It 'writes the CLI spelling to files, whatever the source' {
        $json = $toolsSnapshot.ToJson()
        $json | Should -Not -Match '"Ipv4Ranges"'
        $json | Should -Not -Match '\{\s*"Value":'   # no SDK enum object left
        $json | Should -Match '"IpRanges"'
        $json | Should -Match '"PrefixListId": "pl-'
    }

    It 'round-trips through a file to the same model' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "albt-tools-$([guid]::NewGuid().ToString('n')).json"
        try {
            $toolsSnapshot | Export-AlbSnapshot -Path $file
            Get-ModelJson (Get-AlbSnapshot -Path $file) -WithTime | Should -Be (Get-ModelJson $toolsSnapshot -WithTime)
        }
        finally { Remove-Item $file -ErrorAction Ignore }
    }

    It 'makes the same calls as the aws CLI collector, by the real AWS Tools cmdlet names' {
        $toolsCalls.Count | Should -Be $cliCalls.Count
        @($toolsCalls | Where-Object Command -EQ 'Get-EC2SecurityGroup') | Should -HaveCount 1
        @($toolsCalls.Command | Sort-Object -Unique) | Should -Be (@(
            'Get-EC2Instance', 'Get-EC2ManagedPrefixListEntry', 'Get-EC2NetworkAcl', 'Get-EC2NetworkInterface', 'Get-EC2RouteTable',
            'Get-EC2SecurityGroup', 'Get-EC2Subnet', 'Get-ELB2LoadBalancer', 'Get-ELB2LoadBalancerAttribute', 'Get-ELB2Listener',
            'Get-ELB2Rule', 'Get-ELB2TargetGroup', 'Get-ELB2TargetGroupAttribute', 'Get-ELB2TargetHealth', 'Get-WAF2WebACLForResource') | Sort-Object)
    }

    It 'stays within the call budget for one ALB, with no call per target or per security group' {
        # web: 2 listeners, 2 target groups (3 targets), 1 prefix list, 2 security groups.
        $toolsWebCalls.Count | Should -BeLessOrEqual (Get-Budget -Listeners 2 -TargetGroups 2 -PrefixLists 1)
        foreach ($cmdlet in 'Get-EC2SecurityGroup', 'Get-EC2Instance', 'Get-EC2NetworkInterface', 'Get-ELB2LoadBalancer') {
            @($toolsWebCalls | Where-Object Command -EQ $cmdlet) | Should -HaveCount 1
        }
        @($toolsWebCalls | Where-Object Command -EQ 'Get-ELB2TargetHealth') | Should -HaveCount 2
    }

    It 'does not call more when more targets are registered' {
        # Three more IP targets in the IP target group (moto keys targets by ID, so new IDs).
        & python3 -c "import boto3,sys; boto3.client('elbv2', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x').register_targets(TargetGroupArn=sys.argv[2], Targets=[{'Id': i, 'Port': 8080} for i in sys.argv[3:]])" $moto.EndpointUrl $scenario.TargetGroupArns[1] '10.20.11.50' '10.20.12.50' '10.20.12.51'
        $LASTEXITCODE | Should -Be 0
        Clear-AwsStandInCall
        $snap = Get-AlbSnapshot -Name web -Source AwsTools @live
        ($snap.ToJson() | ConvertFrom-Json).DescribeTargetHealth.($scenario.TargetGroupArns[1]).TargetHealthDescriptions.Count | Should -Be 4
        (Get-AwsStandInCall).Count | Should -Be $toolsWebCalls.Count
    }

    It 'passes the common parameters through to every cmdlet' {
        foreach ($call in $toolsCalls) {
            $call.Region | Should -Be 'us-east-1'
            $call.EndpointUrl | Should -Be $moto.EndpointUrl
        }
        Clear-AwsStandInCall
        $null = Get-AlbSnapshot -Name web -Source AwsTools @live -AccessKey AKIAEXAMPLE -SecretKey 'secret' -SessionToken 'token' -ProfileName 'p'
        foreach ($call in Get-AwsStandInCall) {
            $call.Parameters | Should -Contain 'AccessKey'
            $call.Parameters | Should -Contain 'SecretKey'
            $call.Parameters | Should -Contain 'SessionToken'
            $call.Parameters | Should -Contain 'ProfileName'
        }
    }

    It 'picks AWS Tools under -Source Auto when they are present' {
        (Get-AlbSnapshot -Name web @live).Source | Should -Be 'AwsTools'
    }

    It 'takes LoadBalancer objects piped from Get-ELB2LoadBalancer' {
        Clear-AwsStandInCall
        $snap = Get-ELB2LoadBalancer -Name web, admin @live | Get-AlbSnapshot -Source AwsTools @live
        @($snap).Count | Should -Be 1
        @($snap.LoadBalancers | Sort-Object) | Should -Be @('admin', 'web')
        $describe = @(Get-AwsStandInCall | Where-Object Command -EQ 'Get-ELB2LoadBalancer')
        $describe | Should -HaveCount 2   # the pipe's own call, then one for both ARNs
        $describe[1].Parameters | Should -Contain 'LoadBalancerArn'
    }

    It 'records a denied call (terminating error from AWS Tools) and goes on' {
        Set-AwsStandInFailure -Command Get-EC2NetworkAcl -ErrorCode UnauthorizedOperation
        Set-AwsStandInFailure -Command Get-WAF2WebACLForResource -ErrorCode AccessDeniedException
        try { $snap = Get-AlbSnapshot -Name web -Source AwsTools @live -WarningVariable warnings -WarningAction SilentlyContinue }
        finally { Clear-AwsStandInFailure }
        @($snap.MissingSections | Sort-Object) | Should -Be @('DescribeNetworkAcls', 'GetWebACLForResource')
        $snap.Errors | Should -Contain 'DescribeNetworkAcls: UnauthorizedOperation: You are not authorized to perform this operation. The credentials need ec2:DescribeNetworkAcls (docs/permissions.md lists the policy).'
        ($warnings -join "`n") | Should -Match 'DescribeNetworkAcls failed \(UnauthorizedOperation\): .* The credentials need ec2:DescribeNetworkAcls'
        ($snap.ToJson() | ConvertFrom-Json).DescribeSecurityGroups.SecurityGroups.Count | Should -Be 2
        ($snap.Errors -join "`n") | Should -Match "GetWebACLForResource: $([regex]::Escape($scenario.LoadBalancerArn)): AccessDeniedException"
        $warnings | Should -HaveCount 2
        $snap.LoadBalancers | Should -Be 'web'
    }

    It 'collects live and exports in one step' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "albt-live-$([guid]::NewGuid().ToString('n')).json"
        try {
            $passed = Export-AlbSnapshot -Name web -Source AwsTools @live -Path $file -PassThru
            $passed.Source | Should -Be $file
            (Get-AlbSnapshot -Path $file).LoadBalancers | Should -Be 'web'
        }
        finally { Remove-Item $file -ErrorAction Ignore }
    }

    It 'writes LoadBalancerNotFound for an unknown name through AWS Tools too' {
        $snap = Get-AlbSnapshot -Name web, nosuch -Source AwsTools @live -ErrorVariable errs -ErrorAction SilentlyContinue
        $snap.LoadBalancers | Should -Be 'web'
        $errs | Should -HaveCount 1
        $errs[0].TargetObject | Should -Be 'nosuch'
        $errs[0].FullyQualifiedErrorId | Should -Be 'LoadBalancerNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
    }
}

Describe 'Hostile values never become options of the aws CLI' {
    BeforeAll { $script:fake = Start-FakeEndpoint }
    AfterAll { Stop-FakeEndpoint $fake }

    It 'refuses a -Name that would redirect the signed request; the other name is looked up and the other endpoint receives nothing' {
        # Without -EndpointUrl (the endpoint comes from the environment here) an injected --endpoint-url would win.
        $env:AWS_ENDPOINT_URL = $moto.EndpointUrl; $env:AWS_MAX_ATTEMPTS = '1'
        Clear-CliCall
        try { $snap = Get-AlbSnapshot -Name nosuch, "--endpoint-url=$($fake.Url)" -Source AwsCli -Region us-east-1 -ErrorVariable errs -ErrorAction SilentlyContinue }
        finally { $env:AWS_ENDPOINT_URL = $null; $env:AWS_MAX_ATTEMPTS = $null }
        Get-FakeEndpointHit $fake | Should -Be 0
        $snap | Should -BeNullOrEmpty
        @($errs.FullyQualifiedErrorId) | Should -Be @('InvalidLoadBalancerName,AlbTroubleshoot.Commands.GetAlbSnapshotCommand', 'LoadBalancerNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand')
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be "--endpoint-url=$($fake.Url)"
        "$($errs[0])" | Should -Match "^-Name '--endpoint-url=.*' is not a load balancer name"
        Get-CliCall | Should -HaveCount 1
        (Get-CliCall) -join "`n" | Should -Not -Match 'endpoint-url'
    }

    It 'refuses -<Parameter> <Value> with <Id> before any process starts' -ForEach @(
        @{ Parameter = 'Region'; Value = '--endpoint-url=http://127.0.0.1:9/'; Id = 'InvalidRegion' }
        @{ Parameter = 'EndpointUrl'; Value = '--cli-input-json=file:///etc/passwd'; Id = 'InvalidEndpointUrl' }
        @{ Parameter = 'Name'; Value = 'file:///etc/passwd'; Id = 'InvalidLoadBalancerName' }
        @{ Parameter = 'LoadBalancerArn'; Value = '--cli-input-json=file:///etc/passwd'; Id = 'InvalidLoadBalancerArn' }
        @{ Parameter = 'ProfileName'; Value = "prod`n--debug"; Id = 'InvalidProfileName' }
    ) {
        $p = @{ Source = 'AwsCli'; Region = 'us-east-1'; EndpointUrl = $moto.EndpointUrl; Name = 'web' }
        if ($Parameter -eq 'LoadBalancerArn') { $p.Remove('Name') }
        $p[$Parameter] = $Value
        Clear-CliCall
        $err = { Get-AlbSnapshot @p -ErrorAction Stop } | Should -Throw -ErrorId "$Id,AlbTroubleshoot.Commands.GetAlbSnapshotCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$err" | Should -Match "^-$Parameter "
        Get-CliCall | Should -HaveCount 0
    }

    It 'keeps a -ProfileName that looks like an option as the profile name' {
        Clear-CliCall
        $err = { Get-AlbSnapshot -Name web -Source AwsCli @live -ProfileName "--endpoint-url=$($fake.Url)" } |
            Should -Throw -ErrorId 'AwsCredentialsNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand' -PassThru
        "$err" | Should -Match ([regex]::Escape("The config profile (--endpoint-url=$($fake.Url)) could not be found"))
        Get-FakeEndpointHit $fake | Should -Be 0
    }

    It 'refuses a hostile -TargetGroupArn with InvalidTargetGroupArn' {
        Clear-CliCall
        { Test-AlbTargetReachability -TargetGroupArn "--endpoint-url=$($fake.Url)" -Source AwsCli @live -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTargetGroupArn,AlbTroubleshoot.Commands.TestAlbTargetReachabilityCommand'
        Get-CliCall | Should -HaveCount 0
    }
}

Describe 'Secrets never printed' {
    It 'masks the endpoint password and the secret key in verbose, debug, warning and error text' {
        $port = Get-FreeTcpPort
        $secret = 'sEcReT' + [guid]::NewGuid().ToString('n')
        $env:AWS_MAX_ATTEMPTS = '1'
        try {
            $records = & {
                try { Get-AlbSnapshot -Name web -Source AwsCli -Region us-east-1 -EndpointUrl "http://albuser:Pa55-w0rd-x9@127.0.0.1:$port/" -AccessKey AKIAEXAMPLE -SecretKey $secret -Verbose -Debug }
                catch { $_ }
            } *>&1
        }
        finally { $env:AWS_MAX_ATTEMPTS = $null }
        $err = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })[0]
        $err.FullyQualifiedErrorId | Should -Be 'AwsEndpointUnreachable,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
        $text = ($records | Out-String) + "$err" + $err.Exception.Message + $err.Exception.Reason + $err.Exception.Hint + "$($err.Exception.InnerException)" + ($err | Format-List * -Force | Out-String)
        $text | Should -Not -Match 'Pa55-w0rd-x9'
        $text | Should -Not -Match $secret
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain ($verbose | Where-Object { $_ -like "aws elbv2 describe-load-balancers --names=web * --endpoint-url=http://``*``*``*@127.0.0.1:$port/" })
        "$err" | Should -Match ([regex]::Escape("http://***@127.0.0.1:$port/"))
    }
}

Describe 'AWS Tools failures: category, error ID and hint' {
    BeforeAll { Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force }
    AfterAll { Clear-AwsStandInFailure; Remove-Module AwsToolsStandIn -ErrorAction Ignore }

    It 'retries a throttled call with backoff, then writes AwsThrottled (LimitsExceeded)' {
        Set-AwsStandInFailure Get-ELB2LoadBalancer Throttling
        Clear-AwsStandInCall
        try { $snap = Get-AlbSnapshot -Name web -Source AwsTools @live -ErrorVariable errs -ErrorAction SilentlyContinue -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [AlbTroubleshoot.AlbSnapshot] } }
        finally { Clear-AwsStandInFailure }
        $snap | Should -BeNullOrEmpty
        @(Get-AwsStandInCall | Where-Object Command -EQ 'Get-ELB2LoadBalancer') | Should -HaveCount 4
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'DescribeLoadBalancers was throttled (Throttling); retry * of 3 in *' }) | Should -HaveCount 3
        $errs[0].FullyQualifiedErrorId | Should -Be 'AwsThrottled,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$($errs[0])" | Should -Match 'still after 3 retries'
    }

    It 'writes AwsAccessDenied (PermissionDenied) naming the IAM action' {
        Set-AwsStandInFailure Get-ELB2LoadBalancer AccessDenied
        try { $null = Get-AlbSnapshot -Name web -Source AwsTools @live -ErrorVariable errs -ErrorAction SilentlyContinue }
        finally { Clear-AwsStandInFailure }
        $errs[0].FullyQualifiedErrorId | Should -Be 'AwsAccessDenied,AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        "$($errs[0])" | Should -Match 'elasticloadbalancing:DescribeLoadBalancers \(docs/permissions\.md'
    }

    It 'stops with <Id> (<Category>) when AWS Tools report <Failure>' -ForEach @(
        @{ Failure = 'NoCredentials'; Id = 'AwsCredentialsNotFound'; Category = 'AuthenticationError'; Hint = 'Set-AWSCredential -ProfileName' }
        @{ Failure = 'ConnectFailure'; Id = 'AwsEndpointUnreachable'; Category = 'ConnectionError'; Hint = 'Could not reach http://127\.0\.0\.1:\d+' }
    ) {
        Set-AwsStandInFailure Get-ELB2LoadBalancer $Failure
        try { $err = { Get-AlbSnapshot -Name web -Source AwsTools @live } | Should -Throw -ErrorId "$Id,AlbTroubleshoot.Commands.GetAlbSnapshotCommand" -PassThru }
        finally { Clear-AwsStandInFailure }
        $err.CategoryInfo.Category | Should -Be $Category
        "$err" | Should -Match $Hint
    }

    It 'checks a -Name the same way: a hostile one never reaches an AWS Tools cmdlet' {
        Clear-AwsStandInCall
        $snap = Get-AlbSnapshot -Name nosuch, '--endpoint-url=http://127.0.0.1:9/' -Source AwsTools @live -ErrorVariable errs -ErrorAction SilentlyContinue
        $snap | Should -BeNullOrEmpty
        @($errs.FullyQualifiedErrorId) | Should -Be @('InvalidLoadBalancerName,AlbTroubleshoot.Commands.GetAlbSnapshotCommand', 'LoadBalancerNotFound,AlbTroubleshoot.Commands.GetAlbSnapshotCommand')
        @(Get-AwsStandInCall) | Should -HaveCount 1   # one Get-ELB2LoadBalancer, for nosuch only
    }
}
