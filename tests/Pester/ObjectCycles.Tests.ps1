# Objects that contain themselves (a property pointing back at its owner), piped or returned to the
# cmdlets that read objects property by property. Each case runs in a child pwsh: a stack overflow
# kills the whole process, so here it fails the test instead of the test run.
BeforeAll {
    function Invoke-Child([string] $Script) {
        # The child prints one JSON line: what the command wrote, and its errors and warnings.
        $command = "`$ErrorActionPreference = 'Stop'; Import-Module '$env:ALBTROUBLESHOOT_MANIFEST'`n" + $Script
        $exe = [Environment]::ProcessPath
        $pwshArgs = @('-NoProfile', '-NonInteractive', '-Command', $command)
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $pwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) + $pwshArgs }
        $output = & $exe @pwshArgs 2>&1 | ForEach-Object { "$_" }
        $exit = $LASTEXITCODE
        $line = $output | Where-Object { $_ -match '^[\[{]' } | Select-Object -Last 1
        if ($exit -ne 0 -or -not $line) {
            throw "The child pwsh ended with exit code $exit (a crash?): $(($output | Select-Object -Last 15) -join "`n")"
        }
        $line | ConvertFrom-Json
    }

    # Reports what a command did: output count, error IDs and messages, warnings.
    $report = @'
function Report([scriptblock] $Run) {
    $ErrorActionPreference = 'Continue'
    $items = @(try { & $Run 2>&1 3>&1 } catch { $_ })
    $errs = @($items | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
    [pscustomobject]@{
        Output   = @($items | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] -and $_ -isnot [Management.Automation.WarningRecord] }).Count
        Ids      = @($errs | ForEach-Object { $_.FullyQualifiedErrorId })
        Messages = @($errs | ForEach-Object { if ($_.ErrorDetails) { $_.ErrorDetails.Message } else { $_.Exception.Message } })
        Warnings = @($items | Where-Object { $_ -is [Management.Automation.WarningRecord] } | ForEach-Object { $_.Message })
    } | ConvertTo-Json -Compress -Depth 3
}
'@
}

Describe 'Test-AlbNaclEphemeral with piped objects that contain themselves' {
    BeforeAll {
        $result = Invoke-Child ($report + @'

$good = [pscustomobject]@{ NetworkAclId = 'acl-good'; Entries = @([pscustomobject]@{ RuleNumber = 100; Protocol = '-1'; RuleAction = 'allow'; Egress = $false; CidrBlock = '0.0.0.0/0' }) }
$self = [pscustomobject]@{ NetworkAclId = 'acl-self'; Entries = @() }
$self | Add-Member -NotePropertyName Owner -NotePropertyValue $self
$entry = [pscustomobject]@{ RuleNumber = 100; Protocol = '6'; RuleAction = 'allow'; Egress = $false; CidrBlock = '10.0.0.0/8' }
$deep = [pscustomobject]@{ NetworkAclId = 'acl-entry'; Entries = @($entry) }
$entry | Add-Member -NotePropertyName Acl -NotePropertyValue $deep
$table = @{ NetworkAclId = 'acl-table'; Entries = @() }
$table.Self = $table
$chain = [pscustomobject]@{ NetworkAclId = 'acl-chain'; Entries = @() }
$link = $chain
foreach ($i in 1..200) { $next = [pscustomobject]@{ Level = $i }; $link | Add-Member -NotePropertyName Next -NotePropertyValue $next; $link = $next }
$doc = [pscustomobject]@{ NetworkAcls = @() }
$doc.NetworkAcls = @($doc)
Report { $self, $good, $deep, $table, $chain, $doc | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 -Direction Inbound }
'@)
    }

    It 'writes one error per bad object, with a stable ID, and still checks the good one' {
        $result.Output | Should -Be 1
        $result.Ids | Should -Be @(
            'ObjectCycle,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
            'ObjectCycle,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
            'ObjectCycle,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
            'ObjectTooDeep,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
            'ObjectCycle,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand')
    }

    It 'names where the object refers back to itself' {
        $result.Messages[0] | Should -Match ([regex]::Escape('$.Owner is the same object as $ (a cycle)'))
        $result.Messages[1] | Should -Match ([regex]::Escape('$.Entries[0].Acl is the same object as $ (a cycle)'))
        $result.Messages[2] | Should -Match ([regex]::Escape("`$['Self'] is the same object as `$ (a cycle)"))
        $result.Messages[3] | Should -Match 'nested more than 64 levels deep at \$(\.Next){64}'
        $result.Messages[4] | Should -Match ([regex]::Escape('$.NetworkAcls[0] is the same object as $ (a cycle)'))
    }
}

Describe 'Collection through AWS Tools that return objects containing themselves' {
    BeforeAll {
        # Stand-ins for the AWS Tools cmdlets: a sound load balancer, security groups that contain themselves.
        $standIns = @'

function global:Get-ELB2LoadBalancer {
    [pscustomobject]@{
        LoadBalancerArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef'
        LoadBalancerName = 'web'; Type = 'application'; Scheme = 'internal'; VpcId = 'vpc-1'; SecurityGroups = @('sg-1')
        State = [pscustomobject]@{ Code = 'active' }; AvailabilityZones = @()
    }
}
function global:Get-EC2SecurityGroup {
    $group = [pscustomobject]@{ GroupId = 'sg-1'; VpcId = 'vpc-1'; IpPermissions = @() }
    $group | Add-Member -NotePropertyName Self -NotePropertyValue $group
    $group
}
foreach ($name in 'Get-ELB2Listener', 'Get-ELB2TargetGroup', 'Get-ELB2LoadBalancerAttribute', 'Get-WAF2WebACLForResource',
        'Get-EC2Subnet', 'Get-EC2NetworkAcl', 'Get-EC2RouteTable', 'Get-EC2NetworkInterface', 'Get-EC2Instance') {
    Set-Item "function:global:$name" -Value { }
}
'@
        $result = Invoke-Child ($report + $standIns + @'

$lines = foreach ($command in 'Get-AlbSnapshot', 'Test-AlbTargetReachability', 'Invoke-AlbDiagnosis') {
    Report { & $command -Name web -Source AwsTools }
}
'[' + ($lines -join ',') + ']'
'@)
    }

    # No target is registered, so the reachability test has no path to write (and says so).
    It 'records the call as failed with the cycle named, and goes on (<Command>)' -ForEach @(
        @{ Index = 0; Command = 'Get-AlbSnapshot'; Output = 1; Warnings = 1 }
        @{ Index = 1; Command = 'Test-AlbTargetReachability'; Output = 0; Warnings = 2 }
        @{ Index = 2; Command = 'Invoke-AlbDiagnosis'; Output = 1; Warnings = 1 }
    ) {
        $r = $result[$Index]
        $r.Ids | Should -BeNullOrEmpty
        $r.Output | Should -Be $Output
        $r.Warnings | Should -HaveCount $Warnings
        if ($Warnings -eq 2) { $r.Warnings[1] | Should -Match 'forwards to no target group' }
        $r.Warnings[0] | Should -Match 'DescribeSecurityGroups failed \(ObjectCycle\): Get-EC2SecurityGroup returned an object that cannot be read as AWS data'
        $r.Warnings[0] | Should -Match ([regex]::Escape('$.Self is the same object as $ (a cycle)'))
    }
}
