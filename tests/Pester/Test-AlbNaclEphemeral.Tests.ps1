BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:doc = Get-Content (Join-Path $repoRoot 'samples/cli/describe-network-acls.json') -Raw | ConvertFrom-Json

    # Shaped like AWS Tools (AWSSDK.EC2) objects: enum values are objects whose ToString() is the wire value,
    # numbers are typed, PortRange is null for protocol -1.
    if (-not ('AlbTests.FakeConstant' -as [type])) {
        Add-Type -TypeDefinition 'namespace AlbTests { public sealed class FakeConstant { public FakeConstant(string v) { Value = v; } public string Value { get; private set; } public override string ToString() { return Value; } } }'
    }
    function New-SdkEntry([int] $Rule, [bool] $Egress, [string] $Protocol, [string] $Action, [string] $Cidr, $From, $To) {
        [pscustomobject]@{
            RuleNumber = $Rule; Egress = $Egress; Protocol = $Protocol; RuleAction = [AlbTests.FakeConstant]::new($Action)
            CidrBlock = $Cidr; Ipv6CidrBlock = $null; IcmpTypeCode = $null
            PortRange = if ($null -ne $From) { [pscustomobject]@{ From = [Nullable[int]]$From; To = [Nullable[int]]$To } } else { $null }
        }
    }
    $script:sdkAcl = [pscustomobject]@{
        NetworkAclId = 'acl-0sdk'; VpcId = 'vpc-1'; IsDefault = $false
        Associations = [System.Collections.Generic.List[object]]@([pscustomobject]@{ SubnetId = 'subnet-0s1' })
        Entries      = [System.Collections.Generic.List[object]]@(
            (New-SdkEntry 100 $false '6' 'allow' '0.0.0.0/0' 32768 65535)
            (New-SdkEntry 32767 $false '-1' 'deny' '0.0.0.0/0' $null $null)
            (New-SdkEntry 100 $true '-1' 'allow' '0.0.0.0/0' $null $null)
            (New-SdkEntry 32767 $true '-1' 'deny' '0.0.0.0/0' $null $null)
        )
    }
}

Describe 'Test-AlbNaclEphemeral (standalone)' {
    It 'finds the deny before the allow and the half-open outbound range in the CLI JSON' {
        $r = @($doc | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16)
        $r.Count | Should -Be 4
        $in = $r | Where-Object { $_.NetworkAclId -eq 'acl-0b2b2b2b2b2b2b2b2' -and $_.Direction -eq 'Inbound' }
        $in.Verdict | Should -Be 'PartiallyBlocked'
        $in.BlockedRanges | Should -Be @('1024-32767')
        $in.DecidingRules | Should -Be @(90)
        $in.Explanation | Should -Match 'rule 90 deny tcp 1024-32767 from 0\.0\.0\.0/0, which comes before rule 100'
        $in.Role | Should -Be 'Standalone'
        $in.SubnetId | Should -Be 'subnet-0b1b1b1b1b1b1b1b1'
        $out = $r | Where-Object { $_.NetworkAclId -eq 'acl-0b2b2b2b2b2b2b2b2' -and $_.Direction -eq 'Outbound' }
        $out.BlockedRanges | Should -Be @('1024-32767')
        $out.DecidingRules | Should -Be @(32767)
        $open = @($r | Where-Object NetworkAclId -EQ 'acl-0a1a1a1a1a1a1a1a1')
        $open.Verdict | Sort-Object -Unique | Should -Be 'Allowed'
        $open[0].SubnetId | Should -Be 'subnet-0a1a1a1a1a1a1a1a1,subnet-0a2a2a2a2a2a2a2a2'
    }

    It 'checks IPv6 peers against IPv6 entries only' {
        $r = $doc.NetworkAcls[1] | Test-AlbNaclEphemeral -PeerCidr ::/0 -Direction Inbound
        $r.Verdict | Should -Be 'Blocked'
        $r.DecidingRules | Should -Be @(32767)
        ($doc.NetworkAcls[0] | Test-AlbNaclEphemeral -PeerCidr ::/0 -Direction Inbound).DecidingRules | Should -Be @(101)
    }

    It 'reads objects shaped like AWS Tools output' {
        $r = $sdkAcl | Test-AlbNaclEphemeral -PeerCidr 10.0.1.0/24 -Direction Inbound, Outbound
        ($r | Where-Object Direction -EQ 'Inbound').BlockedRanges | Should -Be @('1024-32767')
        ($r | Where-Object Direction -EQ 'Outbound').Verdict | Should -Be 'Allowed'
        ($r | Where-Object Direction -EQ 'Outbound').DecidingRules | Should -Be @(100)
    }

    It 'checks a single port with -PortRange' {
        $r = $doc.NetworkAcls[1] | Test-AlbNaclEphemeral -PeerCidr 10.0.1.0/24 -Direction Inbound -PortRange 8080
        $r.PortRange | Should -Be '8080'
        $r.Verdict | Should -Be 'Blocked'
        $r.DecidingRules | Should -Be @(90)
    }

    It 'stops on a bad -PeerCidr or -PortRange with a stable error ID' {
        { $doc | Test-AlbNaclEphemeral -PeerCidr 10.0.0/16 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPeerCidr,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
        { $doc | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 -PortRange 70000 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPortRange,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
    }

    It 'reports a bad NACL and still checks the others' {
        $bad = [pscustomobject]@{ NetworkAclId = 'acl-0bad'; Entries = @([pscustomobject]@{ RuleNumber = 100; Egress = $false; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '10.0.0.0/33' }) }
        $r = @($bad, $doc.NetworkAcls[0], [pscustomobject]@{ Name = 'x' } | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 -Direction Inbound -ErrorVariable errs -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 1
        $r[0].NetworkAclId | Should -Be 'acl-0a1a1a1a1a1a1a1a1'
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidNetworkAcl,AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
        $errs[0].Exception.Message | Should -Match 'acl-0bad rule 100'
        $errs[0].Exception.Message | Should -Match '10\.0\.0\.0/33'
        $errs[1].Exception.Message | Should -Match 'NetworkAclId'
    }

    It 'serializes with strings and arrays' {
        $json = $doc | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 -Direction Inbound | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $open = $json | Where-Object NetworkAclId -EQ 'acl-0a1a1a1a1a1a1a1a1'
        $open.Direction | Should -BeOfType [string]
        , $open.BlockedRanges | Should -BeOfType [object[]]
        $open.BlockedRanges.Count | Should -Be 0
        $open.DecidingRules | Should -Be @(100)
    }

    It 'shows the NACL, the verdict and the blocked ranges in the table view' {
        $text = $doc.NetworkAcls[1] | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 -Direction Outbound | Out-String -Width 200
        $text | Should -Match "NetworkAclId: $($doc.NetworkAcls[1].NetworkAclId)"
        $text | Should -Match 'Outbound\s+10\.0\.0\.0/16\s+1024-65535\s+PartiallyBlocked\s+1024-32767'
    }
}
