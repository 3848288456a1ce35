# Tab completion as a user gets it (TabExpansion2), and -ProfileLocation as AWS Tools users know it:
# passed to AWS Tools cmdlets, and to the aws CLI only as AWS_SHARED_CREDENTIALS_FILE in its environment.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:samples = Join-Path $repoRoot 'samples'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "albt-completers-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $work
    $script:saved = @{}
    foreach ($name in 'HOME', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'PATH') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }

    function script:Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe '-Region completion' {
    It 'offers the Region codes that start with what was typed, with their names' {
        $matches = Complete 'Get-AlbSnapshot -Name web -Region eu-c'
        $matches.CompletionText | Should -Be @('eu-central-1', 'eu-central-2')
        $matches[0].ToolTip | Should -Match 'Frankfurt'
    }

    It 'covers the partitions an ALB can live in' {
        $all = (Complete 'Invoke-AlbDiagnosis -Name web -Region ').CompletionText
        foreach ($region in 'us-east-1', 'ap-southeast-7', 'mx-central-1', 'cn-northwest-1', 'us-gov-west-1') { $all | Should -Contain $region }
    }

    It 'lists exactly the Regions the installed AWS CLI knows, when it is there' -Skip:(-not (Get-Command python3 -ErrorAction Ignore)) {
        # botocore's endpoints.json, the data the aws CLI resolves Regions with: a drift check for the static list.
        $known = & python3 -c "import botocore, json, os; d = json.load(open(os.path.join(os.path.dirname(botocore.__file__), 'data', 'endpoints.json'))); print('\n'.join(r for p in d['partitions'] if p['partition'] in ('aws', 'aws-cn', 'aws-us-gov', 'aws-eusc') for r in p['regions']))" 2>$null
        if (-not $known) { Set-ItResult -Skipped -Because 'botocore is not installed'; return }
        $ours = (Complete 'Invoke-AlbDiagnosis -Name web -Region ').CompletionText
        Compare-Object ($ours | Sort-Object) ($known | Sort-Object) | Should -BeNullOrEmpty
    }
}

Describe '-ProfileName completion' {
    BeforeAll {
        $script:home1 = Join-Path $work 'home'
        $null = New-Item -ItemType Directory -Path (Join-Path $home1 '.aws') -Force
        Set-Content -Path (Join-Path $home1 '.aws/credentials') -Value @(
            '[default]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = never-shown',
            '[prod-readonly]', 'aws_access_key_id = AKIAEXAMPLE2', '  [ support ]  ', 'aws_secret_access_key = x')
        Set-Content -Path (Join-Path $home1 '.aws/config') -Value @(
            '[default]', 'region = eu-west-1', '[profile prod-admin]', 'role_arn = arn:aws:iam::123456789012:role/admin',
            '[profile team a]', 'region = us-east-1', '[sso-session corp]', 'sso_region = us-east-1', '[services local]')
        $script:other = Join-Path $work 'other-credentials'
        Set-Content -Path $other -Value '[from-elsewhere]', 'aws_access_key_id = AKIAOTHER'
    }

    BeforeEach {
        $env:HOME = $home1
        $env:AWS_SHARED_CREDENTIALS_FILE = $null
        $env:AWS_CONFIG_FILE = $null
    }

    It 'offers the profiles of ~/.aws/credentials and ~/.aws/config, never other sections or values' {
        $texts = (Complete 'Get-AlbSnapshot -Name web -ProfileName ').CompletionText
        $texts | Should -Be @('default', 'prod-admin', 'prod-readonly', 'support', "'team a'")
        ($texts -join ' ') | Should -Not -Match 'corp|local|AKIA|never-shown'
    }

    It 'filters by what was typed' {
        (Complete 'Invoke-AlbDiagnosis -Name web -ProfileName prod-r').CompletionText | Should -Be @('prod-readonly')
    }

    It 'reads the files AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name' {
        $env:AWS_SHARED_CREDENTIALS_FILE = $other
        $env:AWS_CONFIG_FILE = Join-Path $work 'missing-config'
        (Complete 'Invoke-AlbDiagnosis -Name web -ProfileName ').CompletionText | Should -Be @('from-elsewhere')
    }

    It 'reads the file -ProfileLocation names on the same line, relative to the current location' {
        $env:AWS_CONFIG_FILE = Join-Path $work 'missing-config'
        Push-Location $work
        try { (Complete "Invoke-AlbDiagnosis -Name web -ProfileLocation ./other-credentials -ProfileName ").CompletionText | Should -Be @('from-elsewhere') }
        finally { Pop-Location }
    }

    It 'completes nothing, without an error, when no file can be read' {
        $env:HOME = Join-Path $work 'nowhere'
        (Complete 'Invoke-AlbDiagnosis -Name web -ProfileName ').CompletionText | Should -BeNullOrEmpty
    }
}

Describe '-Name and -LoadBalancerArn completion from -Snapshot' {
    BeforeAll {
        $script:combined = Join-Path $work 'combined.json'
        Get-AlbSnapshot -Path (Join-Path $samples 'healthy.json'), (Join-Path $samples '403-waf.json') | Export-AlbSnapshot -Path $combined
    }

    It 'offers the load balancer names of the snapshot file on the line' {
        $expected = (Get-AlbSnapshot -Path $combined).LoadBalancers | Sort-Object
        (Complete "Invoke-AlbDiagnosis -Snapshot '$combined' -Name ").CompletionText | Should -Be $expected
    }

    It 'resolves relative paths and wildcards against the current location' {
        Push-Location $samples
        try {
            (Complete 'Test-AlbTargetReachability -Snapshot ./healthy.json -Name ').CompletionText | Should -Be @('shop-prod')
            (Complete 'Test-AlbTargetReachability -Snapshot ./healthy.js* -Name sh').CompletionText | Should -Be @('shop-prod')
        }
        finally { Pop-Location }
    }

    It 'offers the ARNs for -LoadBalancerArn, and reads a snapshot object in a variable' {
        $global:albCompleterSnapshot = Get-AlbSnapshot -Path (Join-Path $samples 'healthy.json')
        try {
            (Complete 'Invoke-AlbDiagnosis -Snapshot $albCompleterSnapshot -LoadBalancerArn ').CompletionText | Should -Be $albCompleterSnapshot.LoadBalancerArns
        }
        finally { Remove-Variable albCompleterSnapshot -Scope Global }
    }

    It 'completes nothing without a snapshot (no live lookup)' {
        (Complete 'Invoke-AlbDiagnosis -Name ').CompletionText | Should -BeNullOrEmpty
    }
}

Describe '-ProfileLocation' {
    BeforeAll {
        $script:credentials = Join-Path $work 'my-credentials'
        Set-Content -Path $credentials -Value '[ops]'
    }

    It 'reaches the aws CLI as AWS_SHARED_CREDENTIALS_FILE (a full path), never on its command line' {
        . (Join-Path $PSScriptRoot 'Support/RecordingAws.ps1')
        $log = Join-Path $work 'aws-env.log'
        $bin = New-RecordingAws -Directory (Join-Path $work 'bin') -Log $log -Record '$AWS_SHARED_CREDENTIALS_FILE|$*'
        $env:PATH = $bin + [IO.Path]::PathSeparator + $saved.PATH
        Push-Location $work
        try { { Get-AlbSnapshot -Name web -Source AwsCli -Region us-east-1 -ProfileName ops -ProfileLocation ./my-credentials } | Should -Throw }   # the stand-in has no credentials
        finally { Pop-Location; $env:PATH = $saved.PATH }
        $line = @(Get-Content $log)[0]
        $line | Should -BeLike "$credentials|elbv2 describe-load-balancers *--profile=ops*"
        ($line -split '\|', 2)[1] | Should -Not -Match 'my-credentials'
    }

    It 'is passed to the AWS Tools cmdlets as -ProfileLocation' {
        # Two functions named like the AWS Tools cmdlets the module looks for; they record what they get.
        $global:albToolsCalls = [System.Collections.Generic.List[hashtable]]::new()
        function global:Get-ELB2LoadBalancer { [CmdletBinding()] param($Name, $LoadBalancerArn, $Region, $ProfileName, $ProfileLocation, $EndpointUrl)
            $global:albToolsCalls.Add(@{} + $PSBoundParameters); throw 'No credentials in the stand-in.' }
        function global:Get-EC2SecurityGroup { [CmdletBinding()] param() }
        try {
            Push-Location $work
            try { { Get-AlbSnapshot -Name web -Source AwsTools -Region us-east-1 -ProfileName ops -ProfileLocation ./my-credentials } | Should -Throw }   # the stand-in throws
            finally { Pop-Location }
            $albToolsCalls.Count | Should -Be 1
            $albToolsCalls[0].ProfileLocation | Should -Be $credentials
            $albToolsCalls[0].ProfileName | Should -Be 'ops'
        }
        finally {
            Remove-Item Function:\Get-ELB2LoadBalancer, Function:\Get-EC2SecurityGroup -ErrorAction Ignore
            Remove-Variable albToolsCalls -Scope Global -ErrorAction Ignore
        }
    }
}
