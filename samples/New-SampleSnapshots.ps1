#requires -Version 7.2
<#
.SYNOPSIS
    Writes the sample snapshots in samples/ (docs/snapshot-format.md, snapshot format version 1).
.DESCRIPTION
    Each scenario is a whole environment: VPC subnets, security groups, network ACLs (with the default
    allow-all ACL where AWS would leave it), route tables with their local route, the load balancer's
    ENIs ("ELB app/<name>/<id>") and the targets' ENIs, instances, listeners, rules, target groups,
    target health, both attribute sets with AWS defaults, and GetWebACLForResource. Every section holds
    what the AWS CLI prints for that operation.

    The shapes, the IDs and the writing are the scenario builder's (AlbTroubleshoot.Scenarios.ScenarioBuilder
    in tests/AlbTroubleshoot.Scenarios, built on first use); this script
    says what each sample holds. IDs are derived from a hash of the scenario and the resource's key, so a
    rerun writes the same bytes; tests/Pester/Samples.Tests.ps1 regenerates the files and compares. Edit
    this script (or the builder), rerun it, commit the JSON: never edit the JSON by hand.

    The _scenario property at the top of each file (an unknown extra property, which the format allows)
    says what is broken and what a correct diagnosis must say. ExpectedStatus, StatusCodes,
    Decisive and EvidenceMustName are for verdict tests: Decisive is every Confirmed and Likely
    finding of a full diagnosis (the verdict matrix asserts exactly these, so a spurious Confirmed
    fails); every string of EvidenceMustName must appear in the evidence
    of a finding that is not RuledOut.
.PARAMETER OutputDirectory
    Where to write the files; the folder of this script by default.
.EXAMPLE
    dotnet pwsh ./samples/New-SampleSnapshots.ps1
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# The scenario builder (tests/AlbTroubleshoot.Scenarios) holds every resource's shape and the IDs; the
# functions below are its PowerShell face, so each scenario reads as a list of resources.
& (Join-Path $PSScriptRoot '../tests/AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')
$Builder = [AlbTroubleshoot.Scenarios.ScenarioBuilder]
$Account = $Builder::SampleAccount
$Region = $Builder::Region

#region identifiers ----------------------------------------------------------------------------
function Get-Hex([string] $Seed, [int] $Length) { $script:S.Hex($Seed, $Length) }
function Get-Id([string] $Prefix, [string] $Key) { $script:S.Id($Prefix, $Key) }
function Get-Number([string] $Seed, [int] $Min, [int] $Max) { $script:S.Number($Seed, $Min, $Max) }
function Get-TargetGroupArn([string] $Key) { $script:S.TargetGroupArn($Key) }
function Get-LoadBalancerId { $script:S.LoadBalancerId() }
function Get-ListenerArn([string] $Key) { $script:S.ListenerArn($Key) }
function Get-Ip([string] $SubnetKey, [int] $HostNumber) { $script:S.Ip($SubnetKey, $HostNumber) }
function Get-CertificateId { $script:S.CertificateId() }
#endregion

#region resources --------------------------------------------------------------------------------
function Start-Scenario([string] $Name, [string] $LbName, [string] $VpcCidr = '10.0.0.0/16') {
    $script:S = $Builder::new($Name, $LbName, $VpcCidr)
}

function Add-Subnet([string] $Key, [string] $Az, [string] $Cidr, [string] $Name, [switch] $Public) {
    $null = $script:S.AddSubnet($Key, $Az, $Cidr, $Name, [bool]$Public)
}

function New-SgRule {
    # One IpPermission as the CLI prints it. Protocol -1 means all traffic (no ports printed).
    param([string] $Protocol, [int] $From = -1, [int] $To = $From, [string] $Cidr, [string] $Ipv6Cidr, [string] $Group,
        [string] $PrefixList, [string] $Description)
    $script:S.SgRule($Protocol, $From, $To, $Cidr, $Ipv6Cidr, $Group, $PrefixList, $Description)
}

function Add-SecurityGroup([string] $Key, [string] $GroupName, [string] $Description, [object[]] $Ingress, [object[]] $Egress) {
    $null = $script:S.AddSecurityGroup($Key, $GroupName, $Description, @($Ingress), @($Egress))
}

function New-AclEntry {
    # One NACL entry; Protocol is the number AWS prints ("6" tcp, "17" udp, "-1" all).
    param([int] $RuleNumber, [switch] $Egress, [string] $Protocol = '6', [int] $From, [int] $To = $From,
        [string] $Cidr = '0.0.0.0/0', [ValidateSet('allow', 'deny')] [string] $Action = 'allow')
    $Builder::AclEntry($RuleNumber, [bool]$Egress, $Protocol, $From, $To, $Cidr, $Action)
}

function Add-NetworkAcl([string] $Key, [string] $Name, [string[]] $Subnets = @(), [object[]] $Entries, [switch] $IsDefault) {
    $null = $script:S.AddNetworkAcl($Key, $Name, @($Subnets), @($Entries), [bool]$IsDefault)
}

function New-Route([string] $Destination, [string] $Target, [string] $State = 'active') { $Builder::Route($Destination, $Target, $State) }

function Add-RouteTable([string] $Key, [string] $Name, [string[]] $Subnets = @(), [object[]] $Routes, [switch] $Main) {
    $null = $script:S.AddRouteTable($Key, $Name, @($Subnets), @($Routes), [bool]$Main)
}

function Add-PrefixList([string] $Key, [object[]] $Entries) { $script:S.AddPrefixList($Key, @($Entries)) }

function Add-Instance([string] $Key, [string] $Name, [string] $SubnetKey, [int] $HostNumber, [string[]] $SecurityGroups,
    [ValidateSet('running', 'stopped')] [string] $State = 'running', [string] $InstanceType = 't3.medium') {
    $null = $script:S.AddInstance($Key, $Name, $SubnetKey, $HostNumber, @($SecurityGroups), $State, $InstanceType)
}

function Add-LoadBalancer {
    param([string[]] $Subnets, [string[]] $SecurityGroups, [ValidateSet('internet-facing', 'internal')] [string] $Scheme = 'internet-facing',
        [hashtable] $Attributes = @{})
    $null = $script:S.AddLoadBalancer(@($Subnets), @($SecurityGroups), $Scheme, $Attributes)
}

function New-Target([string] $Key, [int] $Port, [string] $State = 'healthy', [string] $Reason, [string] $Description, [string] $AvailabilityZone) {
    # Target health as DescribeTargetHealth prints it; Key is an instance key, an IP or a Lambda ARN.
    $Builder::Target($Key, $Port, $State, $Reason, $Description, $AvailabilityZone)
}

function Add-TargetGroup {
    param([string] $Key, [string] $Name, [string] $Protocol = 'HTTP', [int] $Port = 80, [string] $ProtocolVersion = 'HTTP1',
        [ValidateSet('instance', 'ip', 'lambda')] [string] $TargetType = 'instance', [string] $HealthCheckPath = '/health',
        [string] $HealthCheckPort = 'traffic-port', [hashtable] $Matcher = @{ HttpCode = '200' }, [object[]] $Targets = @(), [hashtable] $Attributes = @{},
        [int] $Interval = 30, [int] $Timeout = 5, [int] $TargetControlPort)
    $null = $script:S.AddTargetGroup($Key, $Name, $Protocol, $Port, $ProtocolVersion, $TargetType, $HealthCheckPath, $HealthCheckPort, $Matcher,
        @($Targets), $Attributes, $Interval, $Timeout, $TargetControlPort)
}

function New-ForwardAction([string] $TargetGroup, [int] $Order = 1) { $script:S.ForwardAction($TargetGroup, $Order) }
function New-WeightedForwardAction([hashtable] $Weights) { $script:S.WeightedForwardAction($Weights) }
function New-RedirectToHttpsAction { $Builder::RedirectToHttpsAction() }
function New-FixedResponseAction([string] $StatusCode, [string] $Body, [string] $ContentType = 'text/plain') { $Builder::FixedResponseAction($StatusCode, $Body, $ContentType) }
function New-PathCondition([string[]] $Paths) { $Builder::PathCondition(@($Paths)) }

function Add-Listener([string] $Key, [int] $Port, [ValidateSet('HTTP', 'HTTPS')] [string] $Protocol, [object[]] $DefaultActions) {
    $null = $script:S.AddListener($Key, $Port, $Protocol, @($DefaultActions))
}

function Add-Rule([string] $Listener, [int] $Priority, [object[]] $Conditions, [object[]] $Actions) {
    $null = $script:S.AddRule($Listener, $Priority, @($Conditions), @($Actions))
}

function Save-Scenario([hashtable] $Scenario) {
    $meta = [ordered]@{
        Summary = $Scenario.Summary; Broken = @($Scenario.Broken); Diagnosis = @($Scenario.Diagnosis)
        ExpectedStatus = $Scenario.ExpectedStatus; StatusCodes = @($Scenario.StatusCodes); EvidenceMustName = @($Scenario.EvidenceMustName)
        Decisive = $(if ($Scenario.Decisive) { $Scenario.Decisive } else { [ordered]@{} })
    }
    $path = Join-Path $OutputDirectory "$($script:S.Name).json"
    $script:S.Write($path, $meta)
    Write-Verbose "Wrote $path"
}
#endregion

#region the common environment -------------------------------------------------------------------
# Three public subnets for the load balancer, three private ones for the targets, an internet gateway
# for the public ones and a NAT gateway for the private ones.
function Add-StandardNetwork([string[]] $AlbAzs = @('a', 'b', 'c')) {
    $octet = @{ a = 0; b = 1; c = 2 }
    foreach ($az in 'a', 'b', 'c') {
        Add-Subnet "public-$az" "eu-west-1$az" "10.0.$($octet[$az]).0/24" "$($script:S.LoadBalancerName)-public-eu-west-1$az" -Public
        Add-Subnet "app-$az" "eu-west-1$az" "10.0.$(10 + $octet[$az]).0/24" "$($script:S.LoadBalancerName)-app-eu-west-1$az"
    }
    $script:S.AlbSubnets = @($AlbAzs | ForEach-Object { "public-$_" })
    Add-RouteTable 'public' "$($script:S.LoadBalancerName)-public" -Subnets ('a', 'b', 'c' | ForEach-Object { "public-$_" }) -Routes @(New-Route '0.0.0.0/0' (Get-Id 'igw' 'igw'))
    Add-RouteTable 'private' "$($script:S.LoadBalancerName)-private" -Subnets ('a', 'b', 'c' | ForEach-Object { "app-$_" }) -Routes @(New-Route '0.0.0.0/0' (Get-Id 'nat' 'nat'))
}

# An internet-facing ALB security group: HTTPS and HTTP from anywhere, all traffic out (the console default).
function Add-AlbSecurityGroup([object[]] $Egress = @(New-SgRule -1 -Cidr '0.0.0.0/0')) {
    Add-SecurityGroup 'alb' -GroupName "$($script:S.LoadBalancerName)-alb" -Description "Load balancer $($script:S.LoadBalancerName)" -Ingress @(
        New-SgRule tcp 443 -Cidr '0.0.0.0/0' -Description 'HTTPS from the internet'
        New-SgRule tcp 80 -Cidr '0.0.0.0/0' -Description 'HTTP from the internet, redirected') -Egress $Egress
}

# HTTPS:443 forwarding to the default group, HTTP:80 redirecting to HTTPS.
function Add-StandardListeners([string] $DefaultTargetGroup) {
    Add-Listener 'https' 443 HTTPS @(New-ForwardAction $DefaultTargetGroup)
    Add-Listener 'http' 80 HTTP @(New-RedirectToHttpsAction)
}

function Add-AppSecurityGroup([int[]] $Ports) {
    $rules = @(foreach ($p in $Ports) { New-SgRule tcp $p -Group 'alb' -Description 'from the load balancer' })
    $rules += New-SgRule tcp 22 -PrefixList 'office' -Description 'SSH from the office'
    Add-SecurityGroup 'app' -GroupName "$($script:S.LoadBalancerName)-app" -Description "Targets of $($script:S.LoadBalancerName)" -Ingress $rules -Egress @(New-SgRule -1 -Cidr '0.0.0.0/0')
    Add-PrefixList 'office' @([ordered]@{ Cidr = '203.0.113.0/24'; Description = 'Head office' }, [ordered]@{ Cidr = '198.51.100.32/28'; Description = 'VPN egress' })
}

# The usual layout: the network above, the ALB security group, the targets' group when there are ports to
# admit, and the load balancer in the public subnets of AlbAzs.
function Add-StandardLoadBalancer([string[]] $AlbAzs = @('a', 'b', 'c'), [int[]] $AppPorts = @(), [hashtable] $Attributes = @{}) {
    Add-StandardNetwork -AlbAzs $AlbAzs
    Add-AlbSecurityGroup
    if ($AppPorts) { Add-AppSecurityGroup $AppPorts }
    Add-LoadBalancer -Subnets $script:S.AlbSubnets -SecurityGroups 'alb' -Attributes $Attributes
}

$Healthy = @{ State = 'healthy' }
$Reasons = @{
    # Reason codes and the descriptions DescribeTargetHealth prints with them.
    Timeout      = @{ State = 'unhealthy'; Reason = 'Target.Timeout'; Description = 'Request timed out' }
    Failed       = @{ State = 'unhealthy'; Reason = 'Target.FailedHealthChecks'; Description = 'Health checks failed' }
    Mismatch404  = @{ State = 'unhealthy'; Reason = 'Target.ResponseCodeMismatch'; Description = 'Health checks failed with these codes: [404]' }
    NotInUse     = @{ State = 'unused'; Reason = 'Target.NotInUse'; Description = 'Target is in an Availability Zone that is not enabled for the load balancer' }
    InvalidState = @{ State = 'unused'; Reason = 'Target.InvalidState'; Description = 'Target is in the stopped state' }
    Draining     = @{ State = 'draining'; Reason = 'Target.DeregistrationInProgress'; Description = 'Target deregistration is in progress' }
    Disabled     = @{ State = 'unavailable'; Reason = 'Target.HealthCheckDisabled'; Description = 'Health checks are not enabled for this target' }
}
function New-InstanceTarget([string] $Key, [int] $Port, [hashtable] $Health = $Healthy) {
    New-Target -Key $Key -Port $Port -State $Health.State -Reason ($Health['Reason']) -Description ($Health['Description'])
}
#endregion

$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

#region healthy ----------------------------------------------------------------------------------
Start-Scenario 'healthy' 'shop-prod'
Add-StandardNetwork
Add-AlbSecurityGroup -Egress @(New-SgRule tcp 8080 8081 -Group 'app' -Description 'to the targets, traffic and health checks')
Add-AppSecurityGroup 8080, 8081
# The public subnets have their own ACL: listener ports and ephemeral return traffic in, targets and clients out.
Add-NetworkAcl 'public' "shop-prod-public" -Subnets $S.AlbSubnets -Entries @(
    New-AclEntry 100 -From 443
    New-AclEntry 110 -From 80
    New-AclEntry 120 -From 1024 -To 65535
    New-AclEntry 100 -Egress -From 8080 -To 8081 -Cidr '10.0.0.0/16'
    New-AclEntry 110 -Egress -From 1024 -To 65535)
Add-Instance 'web-a' 'shop-web-1' 'app-a' 21 @('app')
Add-Instance 'web-b' 'shop-web-2' 'app-b' 37 @('app')
Add-Instance 'api-b' 'shop-api-1' 'app-b' 52 @('app')
Add-Instance 'api-c' 'shop-api-2' 'app-c' 44 @('app')
Add-LoadBalancer -Subnets $S.AlbSubnets -SecurityGroups 'alb'
Add-TargetGroup 'web' 'shop-web' -Port 8080 -Targets @((New-InstanceTarget 'web-a' 8080), (New-InstanceTarget 'web-b' 8080))
Add-TargetGroup 'api' 'shop-api' -Port 8081 -HealthCheckPath '/api/health' -Matcher @{ HttpCode = '200-299' } `
    -Targets @((New-InstanceTarget 'api-b' 8081), (New-InstanceTarget 'api-c' 8081))
Add-StandardListeners 'web'
Add-Rule 'https' 10 @(New-PathCondition '/api/*') @(New-ForwardAction 'api')
Save-Scenario @{
    Summary = 'Internet-facing ALB shop-prod: HTTPS:443 to shop-web, /api/* to shop-api, HTTP:80 redirected to HTTPS. Nothing is broken.'
    Broken = @()
    Diagnosis = @(
        "No finding is Confirmed or Likely. The security group $(Get-Id 'sg' 'app') admits tcp/8080 and tcp/8081 from the ALB group $(Get-Id 'sg' 'alb'), which sends exactly those ports to it.",
        "NACL $(Get-Id 'acl' 'public') on the ALB subnets allows 1024-65535 in (rule 120) and out (rule 110); the app subnets use the default allow-all NACL $(Get-Id 'acl' 'default').",
        'All four targets are healthy; no WAF web ACL is associated (403 WAF cause RuledOut).')
    ExpectedStatus = 'Healthy'; StatusCodes = @(); EvidenceMustName = @()
    Decisive = [ordered]@{}
}
#endregion

#region 502: target security group ---------------------------------------------------------------
Start-Scenario '502-target-sg' 'orders-api'
Add-StandardLoadBalancer
# The mistake: the targets' group was created for administration only; nobody added the ALB.
Add-SecurityGroup 'app' -GroupName 'orders-app' -Description 'orders application servers' `
    -Ingress @(New-SgRule tcp 22 -Cidr '203.0.113.0/24' -Description 'SSH from the office') -Egress @(New-SgRule -1 -Cidr '0.0.0.0/0')
Add-Instance 'app-a' 'orders-1' 'app-a' 15 @('app')
Add-Instance 'app-b' 'orders-2' 'app-b' 27 @('app')
Add-TargetGroup 'orders' 'orders-api' -Port 8080 -HealthCheckPath '/healthz' `
    -Targets @((New-InstanceTarget 'app-a' 8080 $Reasons.Timeout), (New-InstanceTarget 'app-b' 8080 $Reasons.Timeout))
Add-StandardListeners 'orders'
Save-Scenario @{
    Summary = 'Internet-facing ALB orders-api forwards HTTPS:443 to target group orders-api (instances on tcp/8080); the targets'' security group does not admit the load balancer.'
    Broken = @(
        "Security group $(Get-Id 'sg' 'app') (orders-app) on both targets admits only tcp/22 from 203.0.113.0/24; there is no inbound rule for tcp/8080 (traffic and health-check port) from the ALB security group $(Get-Id 'sg' 'alb') or the ALB subnets.",
        "Both targets, $(Get-Id 'i' 'app-a') and $(Get-Id 'i' 'app-b'), are unhealthy with Target.Timeout (a security group drops silently, so health checks time out). All targets unhealthy: the ALB fails open and still sends requests, which time out on connect.")
    Diagnosis = @(
        "Reachability ALB -> each target on tcp/8080, Traffic and HealthCheck: Blocked by $(Get-Id 'sg' 'app') (no inbound rule), for every ALB subnet.",
        "504 connection-timeout cause Confirmed (a security group drops silently: the connect times out, which AWS documents as 504), with evidence naming $(Get-Id 'sg' 'app'), port 8080, and the targets with Target.Timeout; remediation: allow tcp/8080 from $(Get-Id 'sg' 'alb'). The 502 host-unreachable cause is not Confirmed: a silent drop sends no ICMP.",
        "The ALB security group $(Get-Id 'sg' 'alb') egress (all traffic) and the NACLs (default allow-all $(Get-Id 'acl' 'default')) are not at fault.")
    ExpectedStatus = 'Problems'; StatusCodes = @(504)
    Decisive = [ordered]@{ '504.TargetConnectionTimeout' = 'Confirmed' }
    EvidenceMustName = @((Get-Id 'sg' 'app'), '8080', (Get-Id 'i' 'app-a'), 'Target.Timeout')
}
#endregion

#region 503: empty and unused target groups ------------------------------------------------------
Start-Scenario '503-empty-target-group' 'catalog'
# The ALB was created in two AZs only; a target lives in the third.
Add-StandardLoadBalancer -AlbAzs 'a', 'b' -AppPorts 8080
Add-Instance 'search-c' 'catalog-search-1' 'app-c' 31 @('app')
Add-Instance 'search-a' 'catalog-search-2' 'app-a' 18 @('app') -State stopped
Add-TargetGroup 'web' 'catalog-web' -Port 8080 -Targets @()
Add-TargetGroup 'search' 'catalog-search' -Port 8080 -HealthCheckPath '/search/health' `
    -Targets @((New-InstanceTarget 'search-c' 8080 $Reasons.NotInUse), (New-InstanceTarget 'search-a' 8080 $Reasons.InvalidState))
Add-StandardListeners 'web'
Add-Rule 'https' 5 @(New-PathCondition '/search/*') @(New-ForwardAction 'search')
Save-Scenario @{
    Summary = 'Internet-facing ALB catalog in eu-west-1a and eu-west-1b. Every HTTPS request gets 503: the default action has no targets, and /search/* only unused ones.'
    Broken = @(
        "The HTTPS:443 default action forwards to target group catalog-web ($(Get-TargetGroupArn 'web')), which has no registered targets.",
        "Rule priority 5 (path /search/*) forwards to catalog-search, whose targets are all unused: $(Get-Id 'i' 'search-c') is in eu-west-1c, an AZ the ALB does not use (Target.NotInUse); $(Get-Id 'i' 'search-a') is stopped (Target.InvalidState).")
    Diagnosis = @(
        '503 no-registered-targets cause Confirmed for the default action of HTTPS:443, naming catalog-web.',
        "For rule priority 5 (catalog-search) each unused target is its own cause, Confirmed: $(Get-Id 'i' 'search-c') with Target.NotInUse (eu-west-1c not enabled on the ALB) and $(Get-Id 'i' 'search-a') with Target.InvalidState (stopped); the all-targets-unused cause defers to them (one fault, one finding).",
        'Security groups and NACLs are not at fault (the target SG admits tcp/8080 from the ALB SG; default allow-all NACL).')
    ExpectedStatus = 'Problems'; StatusCodes = @(503)
    Decisive = [ordered]@{ '503.NoRegisteredTargets' = 'Confirmed'; '503.TargetsInDisabledAvailabilityZone' = 'Confirmed'; '503.TargetsStoppedOrTerminated' = 'Confirmed' }
    EvidenceMustName = @('catalog-web', 'catalog-search', (Get-Id 'i' 'search-c'), 'Target.NotInUse', (Get-Id 'i' 'search-a'), 'Target.InvalidState')
}
#endregion

#region 504: ephemeral ports, partial ------------------------------------------------------------
Start-Scenario '504-nacl-ephemeral' 'billing'
Add-StandardLoadBalancer -AppPorts 8080
$publicEntries = @(
    New-AclEntry 100 -From 443
    New-AclEntry 110 -From 80
    New-AclEntry 100 -Egress -From 8080 -Cidr '10.0.0.0/16'
    New-AclEntry 110 -Egress -From 1024 -To 65535)
# eu-west-1a: correct. eu-west-1b and 1c: someone copied a Linux-client ACL that only admits 32768-65535 back.
Add-NetworkAcl 'public-a' 'billing-public-a' -Subnets 'public-a' -Entries (@(New-AclEntry 120 -From 1024 -To 65535) + $publicEntries)
Add-NetworkAcl 'public-bc' 'billing-public-bc' -Subnets 'public-b', 'public-c' -Entries (@(New-AclEntry 120 -From 32768 -To 65535) + $publicEntries)
Add-Instance 'app-a' 'billing-1' 'app-a' 40 @('app')
Add-Instance 'app-b' 'billing-2' 'app-b' 41 @('app')
Add-TargetGroup 'billing' 'billing-web' -Port 8080 -Targets @((New-InstanceTarget 'app-a' 8080), (New-InstanceTarget 'app-b' 8080 $Reasons.Timeout))
Add-StandardListeners 'billing'
Save-Scenario @{
    Summary = 'Internet-facing ALB billing: intermittent 504s. The ALB subnets in eu-west-1b and eu-west-1c admit return traffic from the targets only on 32768-65535.'
    Broken = @(
        "NACL $(Get-Id 'acl' 'public-bc') (billing-public-bc), associated with $(Get-Id 'subnet' 'public-b') and $(Get-Id 'subnet' 'public-c'), allows inbound tcp only 32768-65535 (rule 120) besides 443 and 80; return traffic from the targets to ALB source ports 1024-32767 falls to rule 32767 (deny).",
        "NACL $(Get-Id 'acl' 'public-a') on $(Get-Id 'subnet' 'public-a') is correct: rule 120 allows 1024-65535.",
        "Health checks from the nodes in 1b/1c fail when their source port is below 32768: the snapshot caught $(Get-Id 'i' 'app-b') unhealthy (Target.Timeout) while $(Get-Id 'i' 'app-a') is healthy.")
    Diagnosis = @(
        "Test-AlbNaclEphemeral: $(Get-Id 'acl' 'public-bc'), Role LoadBalancerSubnet, Direction Inbound, PortRange 1024-65535: PartiallyBlocked, BlockedRanges 1024-32767, DecidingRules include 120 and 32767; one result per subnet $(Get-Id 'subnet' 'public-b') and $(Get-Id 'subnet' 'public-c').",
        "$(Get-Id 'acl' 'public-a') (LoadBalancerSubnet, Inbound): Allowed, deciding rule 120. Target subnets on the default ACL $(Get-Id 'acl' 'default'): Allowed.",
        '504 ephemeral-NACL cause Confirmed (partial: two of three AZs); 502 target security group RuledOut.')
    ExpectedStatus = 'Problems'; StatusCodes = @(504)
    Decisive = [ordered]@{ '504.NaclEphemeralPortsBlocked' = 'Likely' }
    EvidenceMustName = @((Get-Id 'acl' 'public-bc'), '120', '32767', '1024-32767')
}
#endregion

#region 504: ephemeral ports, denied from the VPC ------------------------------------------------
Start-Scenario '504-nacl-deny-vpc' 'payments'
Add-StandardLoadBalancer -AppPorts 8443
# A "block lateral movement" rule added above the allow rules: it also drops every reply from the targets.
Add-NetworkAcl 'public' 'payments-public' -Subnets $S.AlbSubnets -Entries @(
    New-AclEntry 90 -From 1024 -To 65535 -Cidr '10.0.0.0/16' -Action deny
    New-AclEntry 100 -From 443
    New-AclEntry 110 -From 80
    New-AclEntry 120 -From 1024 -To 65535
    New-AclEntry 100 -Egress -From 8443 -Cidr '10.0.0.0/16'
    New-AclEntry 110 -Egress -From 1024 -To 65535)
Add-Instance 'app-a' 'payments-1' 'app-a' 12 @('app')
Add-Instance 'app-b' 'payments-2' 'app-b' 13 @('app')
Add-Instance 'app-c' 'payments-3' 'app-c' 14 @('app')
Add-TargetGroup 'payments' 'payments-web' -Protocol HTTPS -Port 8443 -HealthCheckPath '/status' `
    -Targets @((New-InstanceTarget 'app-a' 8443 $Reasons.Timeout), (New-InstanceTarget 'app-b' 8443 $Reasons.Timeout), (New-InstanceTarget 'app-c' 8443 $Reasons.Timeout))
Add-StandardListeners 'payments'
Save-Scenario @{
    Summary = 'Internet-facing ALB payments: every request to the targets times out (504). The ALB subnets'' NACL denies 1024-65535 from the VPC CIDR before it allows it.'
    Broken = @(
        "NACL $(Get-Id 'acl' 'public') (payments-public), on all three ALB subnets, has inbound rule 90: deny tcp 1024-65535 from 10.0.0.0/16, evaluated before rule 120 (allow 1024-65535 from 0.0.0.0/0). Every reply from the targets (10.0.10.0/24-10.0.12.0/24, source port 8443, destination an ALB ephemeral port) is dropped.",
        "All three targets ($(Get-Id 'i' 'app-a'), $(Get-Id 'i' 'app-b'), $(Get-Id 'i' 'app-c')) are unhealthy with Target.Timeout.")
    Diagnosis = @(
        "Test-AlbNaclEphemeral: $(Get-Id 'acl' 'public'), Role LoadBalancerSubnet, Direction Inbound, PeerCidr the target subnets, PortRange 1024-65535: Blocked, BlockedRanges 1024-65535, DecidingRules 90 (rule 120 never applies).",
        "Reachability ALB -> targets on tcp/8443: Blocked by $(Get-Id 'acl' 'public') on the return path, all AZs. Security groups allow the traffic.",
        '504 ephemeral-NACL cause Confirmed.')
    ExpectedStatus = 'Problems'; StatusCodes = @(504)
    Decisive = [ordered]@{ '504.NaclEphemeralPortsBlocked' = 'Confirmed' }
    EvidenceMustName = @((Get-Id 'acl' 'public'), '90', '1024-65535')
}
#endregion

#region 464: gRPC and HTTP/2 behind HTTP -----------------------------------------------------------
Start-Scenario '464-grpc' 'grpc-gw'
Add-StandardLoadBalancer -AppPorts 50051, 8443, 8080
Add-Instance 'grpc-a' 'orders-grpc-1' 'app-a' 61 @('app')
Add-Instance 'grpc-b' 'orders-grpc-2' 'app-b' 62 @('app')
Add-TargetGroup 'grpc' 'orders-grpc' -Port 50051 -ProtocolVersion GRPC -HealthCheckPath '/AWS.ALB/healthcheck' -Matcher @{ GrpcCode = '12' } `
    -Targets @((New-InstanceTarget 'grpc-a' 50051), (New-InstanceTarget 'grpc-b' 50051))
Add-TargetGroup 'h2' 'orders-h2' -Protocol HTTPS -Port 8443 -ProtocolVersion HTTP2 -HealthCheckPath '/healthz' `
    -Targets @((New-InstanceTarget 'grpc-a' 8443), (New-InstanceTarget 'grpc-b' 8443))
Add-TargetGroup 'web' 'orders-status' -Port 8080 -HealthCheckPath '/status' -Targets @((New-InstanceTarget 'grpc-a' 8080), (New-InstanceTarget 'grpc-b' 8080))
Add-Listener 'https' 443 HTTPS @(New-ForwardAction 'grpc')
Add-Rule 'https' 20 @(New-PathCondition '/v2/*') @(New-ForwardAction 'h2')
# The mistake: a plain HTTP listener for "internal clients", forwarding to the same gRPC and HTTP/2 groups.
Add-Listener 'http' 80 HTTP @(New-ForwardAction 'grpc')
Add-Rule 'http' 20 @(New-PathCondition '/v2/*') @(New-ForwardAction 'h2')
Add-Rule 'http' 30 @(New-PathCondition '/status') @(New-ForwardAction 'web')
Save-Scenario @{
    Summary = 'Internet-facing ALB grpc-gw: HTTPS:443 serves gRPC (orders-grpc, ProtocolVersion GRPC) and HTTP/2 (orders-h2) correctly; an HTTP:80 listener forwards to the same groups, so every request on port 80 except /status gets 464. AWS documents that gRPC and HTTP/2 target groups need an HTTPS listener; this state is what an engine must flag wherever it comes from (an older API, another tool, an emulator).'
    Broken = @(
        "Listener HTTP:80 ($(Get-ListenerArn 'http')) default action forwards to orders-grpc (ProtocolVersion GRPC): an HTTP listener carries HTTP/1.1 only, and HTTP/1.1 to a gRPC group is 464.",
        'Listener HTTP:80 rule priority 20 (/v2/*) forwards to orders-h2 (ProtocolVersion HTTP2): HTTP/1.1 to an HTTP2 group is 464.')
    Diagnosis = @(
        '464 protocol-version cause Confirmed for HTTP:80 default action -> orders-grpc (GRPC) and HTTP:80 rule 20 -> orders-h2 (HTTP2).',
        'HTTP:80 rule 30 -> orders-status (HTTP1) is compatible (RuledOut for that path).',
        'HTTPS:443 -> orders-grpc and rule 20 -> orders-h2: not Confirmed (gRPC and HTTP/2 clients succeed; only HTTP/1.1 clients would get 464, so Possible at most).',
        'All targets healthy; network checks Reachable.')
    ExpectedStatus = 'Problems'; StatusCodes = @(464)
    Decisive = [ordered]@{ '464.Http1ToGrpcTargetGroup' = 'Confirmed'; '464.Http1ToHttp2TargetGroup' = 'Confirmed' }
    EvidenceMustName = @('orders-grpc', 'GRPC', 'orders-h2', 'HTTP2')
}
#endregion

#region 403: WAF web ACL and a fixed 403 ---------------------------------------------------------
Start-Scenario '403-waf' 'portal'
Add-StandardLoadBalancer -AppPorts 8080
Add-Instance 'web-a' 'portal-1' 'app-a' 70 @('app')
Add-Instance 'web-b' 'portal-2' 'app-b' 71 @('app')
Add-TargetGroup 'web' 'portal-web' -Port 8080 -Targets @((New-InstanceTarget 'web-a' 8080), (New-InstanceTarget 'web-b' 8080))
Add-StandardListeners 'web'
Add-Rule 'https' 1 @(New-PathCondition '/admin/*') @(New-FixedResponseAction '403' 'Forbidden')
$aclId = (Get-Hex 'webacl' 32) -replace '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '$1-$2-$3-$4-$5'
$visibility = { param($n) [ordered]@{ SampledRequestsEnabled = $true; CloudWatchMetricsEnabled = $true; MetricName = $n } }
$S.WebAcl = [ordered]@{
    Name = 'portal-protection'; Id = $aclId; ARN = "arn:aws:wafv2:${Region}:${Account}:regional/webacl/portal-protection/$aclId"
    DefaultAction = @{ Allow = @{} }; Description = 'Rate limit and AWS common rule set'
    Rules = @(
        [ordered]@{ Name = 'rate-limit-per-ip'; Priority = 0
            Statement = @{ RateBasedStatement = [ordered]@{ Limit = 300; EvaluationWindowSec = 300; AggregateKeyType = 'IP' } }
            Action = @{ Block = @{} }; VisibilityConfig = (& $visibility 'rate-limit-per-ip') }
        [ordered]@{ Name = 'AWS-AWSManagedRulesCommonRuleSet'; Priority = 1
            Statement = @{ ManagedRuleGroupStatement = [ordered]@{ VendorName = 'AWS'; Name = 'AWSManagedRulesCommonRuleSet' } }
            OverrideAction = @{ None = @{} }; VisibilityConfig = (& $visibility 'AWS-AWSManagedRulesCommonRuleSet') })
    VisibilityConfig = (& $visibility 'portal-protection'); Capacity = 702; ManagedByFirewallManager = $false
    LabelNamespace = "awswaf:${Account}:webacl:portal-protection:"; RetrofittedByFirewallManager = $false
}
Save-Scenario @{
    Summary = 'Internet-facing ALB portal: users report 403. A WAF web ACL with a rate-based rule (300 requests / 5 min / IP) and the AWS common rule set is associated; /admin/* answers a fixed 403 by design.'
    Broken = @(
        "Web ACL portal-protection ($($S.WebAcl.ARN)) is associated: rule rate-limit-per-ip (priority 0, Block) and AWSManagedRulesCommonRuleSet (priority 1) can both return 403.",
        "Listener HTTPS:443 rule priority 1 (path /admin/*) is a fixed-response action with status 403.")
    Diagnosis = @(
        '403 WAF cause Likely or Possible, naming the web ACL portal-protection and its ARN (which rule blocked needs WAF logs or sampled requests).',
        '403 fixed-response cause Confirmed for HTTPS:443 rule priority 1 (/admin/*).',
        'Targets healthy; network Reachable.')
    ExpectedStatus = 'Problems'; StatusCodes = @(403)
    Decisive = [ordered]@{ '403.FixedResponse' = 'Confirmed' }
    EvidenceMustName = @('portal-protection')
}
#endregion

#region 502: keep-alive and draining -------------------------------------------------------------
Start-Scenario '502-keepalive-draining' 'legacy-app'
Add-StandardLoadBalancer -AppPorts 3000 -Attributes @{ 'idle_timeout.timeout_seconds' = '120' }
Add-Instance 'node-a' 'legacy-node-1' 'app-a' 80 @('app')
Add-Instance 'node-b' 'legacy-node-2' 'app-b' 81 @('app')
Add-Instance 'node-c' 'legacy-node-3' 'app-c' 82 @('app')
Add-TargetGroup 'node' 'legacy-node' -Port 3000 -HealthCheckPath '/ping' -Attributes @{ 'deregistration_delay.timeout_seconds' = '5' } `
    -Targets @((New-InstanceTarget 'node-a' 3000), (New-InstanceTarget 'node-b' 3000), (New-InstanceTarget 'node-c' 3000 $Reasons.Draining))
Add-StandardListeners 'node'
Save-Scenario @{
    Summary = 'Internet-facing ALB legacy-app in front of Node.js servers (port 3000): sporadic 502s, more during deployments. Idle timeout raised to 120 s; deregistration delay lowered to 5 s.'
    Broken = @(
        "Load balancer attribute idle_timeout.timeout_seconds = 120. Node.js keeps idle connections 5 s by default (server.keepAliveTimeout), so the target closes connections the ALB still reuses -> 502.",
        "Target group legacy-node: deregistration_delay.timeout_seconds = 5 while the idle timeout is 120 s; target $(Get-Id 'i' 'node-c') is draining (Target.DeregistrationInProgress), so in-flight requests longer than 5 s are cut -> 502.")
    Diagnosis = @(
        'Without -TargetKeepAliveSeconds: the keep-alive cause is Unknown (or Possible), naming idle_timeout.timeout_seconds 120 and the common shorter defaults (Node.js 5 s, Apache 5 s, Gunicorn 2 s). With -TargetKeepAliveSeconds 5: Likely/Confirmed.',
        "Draining cause Likely, naming $(Get-Id 'i' 'node-c'), Target.DeregistrationInProgress and deregistration_delay.timeout_seconds 5.",
        'Network Reachable; security groups and NACLs correct.')
    ExpectedStatus = 'Problems'; StatusCodes = @(502)
    Decisive = [ordered]@{ '502.DeregistrationDelayElapsed' = 'Likely' }
    EvidenceMustName = @('idle_timeout.timeout_seconds', '120', (Get-Id 'i' 'node-c'), 'deregistration_delay.timeout_seconds')
}
#endregion

#region Lambda target ------------------------------------------------------------------------------
Start-Scenario 'lambda-target' 'thumbs'
Add-StandardLoadBalancer
$functionArn = "arn:aws:lambda:${Region}:${Account}:function:thumbnail-render"
Add-TargetGroup 'fn' 'thumbs-lambda' -TargetType lambda -HealthCheckPath '/' -Interval 35 -Timeout 30 `
    -Targets @(New-Target -Key $functionArn -State $Reasons.Disabled.State -Reason $Reasons.Disabled.Reason -Description $Reasons.Disabled.Description -AvailabilityZone 'all')
Add-StandardListeners 'fn'
Save-Scenario @{
    Summary = 'Internet-facing ALB thumbs forwards HTTPS:443 to a Lambda target group (function thumbnail-render), health checks disabled, lambda.multi_value_headers.enabled false.'
    Broken = @('Nothing in the configuration alone is wrong; the Lambda causes of 502/504/413 can only be decided with logs or metrics.')
    Diagnosis = @(
        "Lambda causes of 502 (response > 1 MB, function error, multiValueHeaders returned while lambda.multi_value_headers.enabled is false) Possible or Unknown, naming $functionArn.",
        'Security-group reachability and ephemeral NACL checks NotApplicable for a Lambda target group; no finding Confirmed.',
        'Target state unavailable / Target.HealthCheckDisabled is normal for Lambda with health checks off and is not a 503 cause.')
    ExpectedStatus = 'Healthy'; StatusCodes = @(); EvidenceMustName = @()
    Decisive = [ordered]@{}
}
#endregion

#region authenticate-oidc without a way out -----------------------------------------------------
Start-Scenario 'oidc-idp-unreachable' 'intranet'
foreach ($az in 'a', 'b') {
    $n = @{ a = 0; b = 1 }[$az]
    Add-Subnet "private-$az" "eu-west-1$az" "10.0.$(20 + $n).0/24" "intranet-private-eu-west-1$az"
    Add-Subnet "app-$az" "eu-west-1$az" "10.0.$(30 + $n).0/24" "intranet-app-eu-west-1$az"
}
# The ALB's subnets route only inside the VPC: no NAT gateway, so the ALB cannot reach the IdP's endpoints.
Add-RouteTable 'isolated' 'intranet-isolated' -Subnets 'private-a', 'private-b', 'app-a', 'app-b' -Routes @()
Add-SecurityGroup 'alb' -GroupName 'intranet-alb' -Description 'Internal load balancer intranet' -Ingress @(
    New-SgRule tcp 443 -Cidr '10.0.0.0/8' -Description 'HTTPS from the corporate network') -Egress @(New-SgRule -1 -Cidr '0.0.0.0/0')
Add-AppSecurityGroup 8080
Add-Instance 'web-a' 'intranet-1' 'app-a' 90 @('app')
Add-Instance 'web-b' 'intranet-2' 'app-b' 91 @('app')
Add-LoadBalancer -Subnets 'private-a', 'private-b' -SecurityGroups 'alb' -Scheme internal
Add-TargetGroup 'web' 'intranet-web' -Port 8080 -Targets @((New-InstanceTarget 'web-a' 8080), (New-InstanceTarget 'web-b' 8080))
$oidc = [ordered]@{ Type = 'authenticate-oidc'; Order = 1
    AuthenticateOidcConfig = [ordered]@{
        Issuer = 'https://login.example.com'; AuthorizationEndpoint = 'https://login.example.com/oauth2/authorize'
        TokenEndpoint = 'https://login.example.com/oauth2/token'; UserInfoEndpoint = 'https://login.example.com/oauth2/userinfo'
        ClientId = 'intranet-alb'; SessionCookieName = 'AWSELBAuthSessionCookie'; Scope = 'openid'; SessionTimeout = 604800
        AuthenticationRequestExtraParams = @{}; OnUnauthenticatedRequest = 'authenticate' } }
Add-Listener 'https' 443 HTTPS @($oidc, (New-ForwardAction 'web' -Order 2))
Save-Scenario @{
    Summary = 'Internal ALB intranet authenticates every HTTPS request with OIDC (login.example.com). Users get 500 after signing in: the ALB cannot reach the IdP token endpoint.'
    Broken = @(
        "The ALB subnets $(Get-Id 'subnet' 'private-a') and $(Get-Id 'subnet' 'private-b') use route table $(Get-Id 'rtb' 'isolated'), which has only the local route 10.0.0.0/16: no NAT gateway or internet gateway route to reach https://login.example.com/oauth2/token and /oauth2/userinfo.",
        'The listener HTTPS:443 default action is authenticate-oidc (Order 1) then forward to intranet-web (Order 2).')
    Diagnosis = @(
        "500 IdP-unreachable cause Likely, naming the token endpoint https://login.example.com/oauth2/token and $(Get-Id 'rtb' 'isolated') (no route to 0.0.0.0/0).",
        '401 and 561 authentication causes Possible (they need access-log error_reason values).',
        'Targets healthy; ALB -> target reachability Reachable.')
    ExpectedStatus = 'Problems'; StatusCodes = @(500)
    Decisive = [ordered]@{ '500.IdpEndpointUnreachable' = 'Likely' }
    EvidenceMustName = @('login.example.com', (Get-Id 'rtb' 'isolated'))
}
#endregion

#region IP targets behind a deleted peering ------------------------------------------------------
Start-Scenario 'ip-peering-blackhole' 'hybrid'
Add-StandardLoadBalancer
# Replace the public route table: it also routed the on-premises-like peer VPC 10.20.0.0/16 over a peering that was deleted.
$S.RouteTables.Remove('public')
Add-RouteTable 'public' 'hybrid-public' -Subnets ('a', 'b', 'c' | ForEach-Object { "public-$_" }) -Routes @(
    New-Route '0.0.0.0/0' (Get-Id 'igw' 'igw')
    New-Route '10.20.0.0/16' (Get-Id 'pcx' 'legacy-vpc') -State blackhole)
Add-TargetGroup 'legacy' 'hybrid-legacy' -TargetType ip -Port 8080 -HealthCheckPath '/health' -Targets @(
    foreach ($ip in '10.20.1.15', '10.20.2.16') { $timeout = $Reasons.Timeout; New-Target -Key $ip -Port 8080 -AvailabilityZone 'all' @timeout })
Add-StandardListeners 'legacy'
Save-Scenario @{
    Summary = 'Internet-facing ALB hybrid forwards to IP targets 10.20.1.15 and 10.20.2.16 in a peered VPC (10.20.0.0/16). The peering connection was deleted; the route is a blackhole.'
    Broken = @(
        "Route table $(Get-Id 'rtb' 'public') (all ALB subnets) routes 10.20.0.0/16 to $(Get-Id 'pcx' 'legacy-vpc') in state blackhole.",
        'Both IP targets (AvailabilityZone all: outside the VPC) are unhealthy with Target.Timeout.')
    Diagnosis = @(
        "Reachability ALB -> 10.20.1.15:8080 and 10.20.2.16:8080: Blocked by $(Get-Id 'rtb' 'public') (route 10.20.0.0/16 via $(Get-Id 'pcx' 'legacy-vpc') is blackhole).",
        'Target security groups and NACLs in the peer VPC: Unknown (not in the snapshot), not blamed.',
        '504 connection-timeout cause Confirmed (a blackhole route drops silently); 502 host-unreachable stays Possible.')
    ExpectedStatus = 'Problems'; StatusCodes = @(504)
    Decisive = [ordered]@{ '504.TargetConnectionTimeout' = 'Confirmed' }
    EvidenceMustName = @((Get-Id 'rtb' 'public'), (Get-Id 'pcx' 'legacy-vpc'), 'blackhole', '10.20.1.15')
}
#endregion

#region 503: weighted forward to an empty group, and a fixed 503 --------------------------------
Start-Scenario '503-fixed-weighted' 'shop-canary'
Add-StandardLoadBalancer -AppPorts 8080
Add-Instance 'stable-a' 'shop-stable-1' 'app-a' 50 @('app')
Add-Instance 'stable-b' 'shop-stable-2' 'app-b' 51 @('app')
Add-TargetGroup 'stable' 'shop-stable' -Port 8080 -Targets @((New-InstanceTarget 'stable-a' 8080), (New-InstanceTarget 'stable-b' 8080))
# The canary group was created by the pipeline, but its instances were never registered.
Add-TargetGroup 'canary' 'shop-canary' -Port 8080 -Targets @()
Add-Listener 'https' 443 HTTPS @(New-WeightedForwardAction @{ stable = 90; canary = 10 })
Add-Listener 'http' 80 HTTP @(New-RedirectToHttpsAction)
Add-Rule 'https' 1 @(New-PathCondition '/checkout/*') @(New-FixedResponseAction '503' '<h1>Checkout is down for maintenance</h1>' 'text/html')
Save-Scenario @{
    Summary = 'Internet-facing ALB shop-canary: about one request in ten gets 503, and every /checkout/* request. The default action splits traffic 90/10 between shop-stable and shop-canary, which has no targets; rule 1 answers a fixed 503 (a maintenance page left in place).'
    Broken = @(
        "Listener HTTPS:443 default action: weighted forward, shop-stable weight 90 and shop-canary weight 10; shop-canary ($(Get-TargetGroupArn 'canary')) has no registered targets, so its share of requests gets 503.",
        'Listener HTTPS:443 rule priority 1 (path /checkout/*) is a fixed-response action with status 503.')
    Diagnosis = @(
        '503 weighted-forward cause Confirmed, naming shop-canary, weight 10 of 100, no registered targets; shop-stable healthy.',
        '503 fixed-response cause Confirmed for rule priority 1 (/checkout/*).',
        'Network checks Reachable; 502/504 causes RuledOut.')
    ExpectedStatus = 'Problems'; StatusCodes = @(503)
    Decisive = [ordered]@{ '503.FixedResponse' = 'Confirmed'; '503.NoRegisteredTargets' = 'Confirmed' }
    EvidenceMustName = @('shop-canary', '10')
}
#endregion

#region 502: failing and mismatched health checks ------------------------------------------------
Start-Scenario '502-health-checks' 'inventory'
Add-StandardLoadBalancer -AppPorts 8080
Add-Instance 'app-a' 'inventory-1' 'app-a' 33 @('app')
Add-Instance 'app-b' 'inventory-2' 'app-b' 34 @('app')
Add-Instance 'app-c' 'inventory-3' 'app-c' 35 @('app')
Add-TargetGroup 'web' 'inventory-web' -Port 8080 -HealthCheckPath '/health' -Targets @(
    (New-InstanceTarget 'app-a' 8080), (New-InstanceTarget 'app-b' 8080 $Reasons.Failed), (New-InstanceTarget 'app-c' 8080 $Reasons.Mismatch404))
Add-StandardListeners 'web'
Save-Scenario @{
    Summary = 'Internet-facing ALB inventory: some requests get 502. Of three targets, one is healthy, one fails its health checks (the process on tcp/8080 is down: connections are reset) and one answers the health check with 404 (a new release moved /health).'
    Broken = @(
        "Target $(Get-Id 'i' 'app-b') is unhealthy with Target.FailedHealthChecks: the load balancer gets an error connecting to tcp/8080 (reset), which is a 502 for requests that still reach it.",
        "Target $(Get-Id 'i' 'app-c') is unhealthy with Target.ResponseCodeMismatch: health check GET /health returns 404, the matcher expects 200.")
    Diagnosis = @(
        "502 target-connection cause Likely, naming $(Get-Id 'i' 'app-b') and Target.FailedHealthChecks.",
        "Health-check mismatch named for $(Get-Id 'i' 'app-c'): path /health, matcher 200, returned 404 (Target.ResponseCodeMismatch).",
        'Security groups and NACLs allow tcp/8080 from the ALB (the network is not the cause): reachability Reachable.')
    ExpectedStatus = 'Problems'; StatusCodes = @(502)
    Decisive = [ordered]@{ '502.TargetConnectionReset' = 'Likely' }
    EvidenceMustName = @((Get-Id 'i' 'app-b'), 'Target.FailedHealthChecks', (Get-Id 'i' 'app-c'), 'Target.ResponseCodeMismatch', '/health')
}
#endregion

#region missing permissions ----------------------------------------------------------------------
Start-Scenario 'unknown-missing-sections' 'reports'
Add-StandardLoadBalancer -AppPorts 8080
Add-Instance 'web-a' 'reports-1' 'app-a' 25 @('app')
Add-Instance 'web-b' 'reports-2' 'app-b' 26 @('app')
Add-TargetGroup 'web' 'reports-web' -Port 8080 -Targets @((New-InstanceTarget 'web-a' 8080), (New-InstanceTarget 'web-b' 8080))
Add-StandardListeners 'web'
# Collected with a role lacking ec2:DescribeNetworkAcls and wafv2:GetWebACLForResource.
$S.Omit = @('DescribeNetworkAcls', 'GetWebACLForResource')
$S.Errors['DescribeNetworkAcls'] = 'An error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls operation: You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/alb-diagnosis/session is not authorized to perform: ec2:DescribeNetworkAcls because no identity-based policy allows the ec2:DescribeNetworkAcls action'
$S.Errors['GetWebACLForResource'] = 'An error occurred (AccessDeniedException) when calling the GetWebACLForResource operation: User: arn:aws:sts::123456789012:assumed-role/alb-diagnosis/session is not authorized to perform: wafv2:GetWebACLForResource'
Save-Scenario @{
    Summary = 'Internet-facing ALB reports, otherwise correct, collected without permission to read network ACLs and WAF associations.'
    Broken = @('DescribeNetworkAcls and GetWebACLForResource are missing; Errors says why (UnauthorizedOperation, AccessDeniedException).')
    Diagnosis = @(
        'Checks that need NACLs (ephemeral ports, reachability through NACLs) are Unknown and name DescribeNetworkAcls; the WAF 403 cause is Unknown and names GetWebACLForResource.',
        'Nothing is Confirmed; the run does not fail. Status Unknown.')
    ExpectedStatus = 'Unknown'; StatusCodes = @()
    Decisive = [ordered]@{}
    EvidenceMustName = @('DescribeNetworkAcls')
}
#endregion

#region traffic only: what the access logs show ---------------------------------------------------
# One access-log file for the scenario's load balancer, in the layout AWS writes (33 fields), plain text
# so it reads on a web page. $Lines: one hashtable per line; see the scenario below for the fields.
function Save-AccessLog([string] $FileName, [object[]] $Lines) {
    $lbId = "app/$($script:S.LoadBalancerName)/$(Get-LoadBalancerId)"
    $start = [DateTime]::new(2026, 11, 24, 10, 0, 0, [DateTimeKind]::Utc)
    $agents = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'okhttp/4.12.0', 'python-requests/2.32.3'
    $text = for ($i = 0; $i -lt $Lines.Count; $i++) {
        $l = $Lines[$i]
        $time = $start.AddMilliseconds(4000 * $i + (Get-Number "ms/$i" 0 3999)).AddTicks((Get-Number "us/$i" 0 999) * 10)
        $created = $time.AddSeconds(-[double]$l['Duration'])
        $target = if ($l['Target']) { $l['Target'] } else { '-' }
        $client = "$(Get-Number "c1/$($l['Client'])" 11 223).$(Get-Number "c2/$($l['Client'])" 0 255).$(Get-Number "c3/$($l['Client'])" 0 255).$(Get-Number "c4/$($l['Client'])" 1 254):$(Get-Number "cp/$i" 1024 65535)"
        if ($l['ClientIp']) { $client = "$($l['ClientIp']):$(Get-Number "cp/$i" 1024 65535)" }
        $trace = "Root=1-$('{0:x8}' -f [long]($time - [DateTime]::UnixEpoch).TotalSeconds)-$(Get-Hex "trace/$i" 24)"
        $tg = if ($l['TargetGroup']) { Get-TargetGroupArn $l['TargetGroup'] } else { '-' }
        $cert = "arn:aws:acm:${Region}:${Account}:certificate/$(Get-CertificateId)"
        $fields = @(
            'h2', $time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"), $lbId, $client, $target, $l['Times']   # three processing times, space-separated
            $l['Elb'], $(if ($l['TargetStatus']) { $l['TargetStatus'] } else { '-' }), (Get-Number "rb/$i" 200 900), $l['Sent']
            "`"$($l['Method']) https://media.example.com:443$($l['Path']) HTTP/2.0`"", "`"$($agents[$i % $agents.Count])`""
            'TLS_AES_128_GCM_SHA256', 'TLSv1.3', $tg, "`"$trace`"", '"media.example.com"', "`"$cert`""
            $(if ($l['Priority']) { $l['Priority'] } else { '-' }), $created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'")
            "`"$(if ($l['Actions']) { $l['Actions'] } else { '-' })`"", '"-"', "`"$(if ($l['ErrorReason']) { $l['ErrorReason'] } else { '-' })`""
            "`"$target`"", "`"$(if ($l['TargetStatus']) { $l['TargetStatus'] } else { '-' })`"", '"-"', '"-"'
            "TID_$(Get-Hex "conn/$i" 32)", '"-"', '"-"', '"-"')
        $fields -join ' '
    }
    $folder = Join-Path $OutputDirectory 'traffic'
    $null = New-Item -ItemType Directory -Path $folder -Force
    [IO.File]::WriteAllText((Join-Path $folder $FileName), (($text -join "`n") + "`n"), [Text.UTF8Encoding]::new($false))
}

Start-Scenario 'traffic-only' 'media-api'
Add-StandardNetwork
Add-AlbSecurityGroup
Add-AppSecurityGroup 8080, 3000
Add-LoadBalancer -Subnets $S.AlbSubnets -SecurityGroups 'alb' -Attributes @{
    'access_logs.s3.enabled' = 'true'; 'access_logs.s3.bucket' = 'media-api-logs-123456789012'; 'access_logs.s3.prefix' = 'media-api' }
Add-Instance 'web-a' 'media-web-1' 'app-a' 23 @('app')
Add-Instance 'web-b' 'media-web-2' 'app-b' 41 @('app')
Add-Instance 'render-a' 'media-render-1' 'app-a' 57 @('app') -InstanceType 'g6.xlarge'
Add-Instance 'render-b' 'media-render-2' 'app-c' 62 @('app') -InstanceType 'g6.xlarge'
Add-TargetGroup 'web' 'media-web' -Port 8080 -Targets @((New-InstanceTarget 'web-a' 8080), (New-InstanceTarget 'web-b' 8080))
# The render servers run the target optimizer's agent: it admits one request per GPU at a time.
Add-TargetGroup 'render' 'media-render' -Port 8080 -HealthCheckPath '/render/health' -TargetControlPort 3000 `
    -Targets @((New-InstanceTarget 'render-a' 8080), (New-InstanceTarget 'render-b' 8080))
Add-StandardListeners 'web'
Add-Rule 'https' 10 @(New-PathCondition '/render/*') @(New-ForwardAction 'render')

$webA = "$(Get-Ip 'app-a' 23):8080"; $webB = "$(Get-Ip 'app-b' 41):8080"; $renderA = "$(Get-Ip 'app-a' 57):8080"; $renderB = "$(Get-Ip 'app-c' 62):8080"
$ok = @{ Elb = '200'; TargetStatus = '200'; Times = '0.000 0.012 0.000'; Duration = '0.013'; Sent = 5120; Method = 'GET'; Actions = 'forward'; TargetGroup = 'web' }
$lines = [Collections.Generic.List[object]]::new()
for ($i = 0; $i -lt 150; $i++) {
    $l = $ok.Clone(); $l.Client = $i % 37; $l.Target = ($webA, $webB)[$i % 2]; $l.Path = ('/', '/index.html', "/api/catalog/$(Get-Number "p/$i" 100 999)", '/static/app.js')[$i % 4]; $l.Priority = '0'
    switch ($i % 15) {
        3 { $l.Path = "/render/jobs/$(Get-Number "j/$i" 1000 9999)"; $l.Method = 'POST'; $l.TargetGroup = 'render'; $l.Target = ($renderA, $renderB)[$i % 2]; $l.Times = '0.000 4.210 0.000'; $l.Duration = '4.211'; $l.Priority = '10' }
        # render-b stops answering some jobs: nothing comes back before the 60-second idle timeout.
        7 { if ($i -lt 120) { $l.Path = "/render/jobs/$(Get-Number "j/$i" 1000 9999)"; $l.Method = 'POST'; $l.TargetGroup = 'render'; $l.Target = $renderB; $l.Elb = '504'; $l.TargetStatus = $null
                $l.Times = '0.000 -1 -1'; $l.Duration = '60.001'; $l.Sent = 202; $l.Priority = '10' } }
        # The optimizer has no render server with a free slot: rejected without a target.
        9 { $l.Path = "/render/jobs/$(Get-Number "j/$i" 1000 9999)"; $l.Method = 'POST'; $l.TargetGroup = 'render'; $l.Target = $null; $l.Elb = '503'; $l.TargetStatus = $null
            $l.Times = '-1 -1 -1'; $l.Duration = '0.001'; $l.Sent = 162; $l.Priority = '10' }
        # media-web-2's thumbnail handler writes a broken status line.
        11 { if ($i -lt 100) { $l.Path = "/api/thumbnails/$(Get-Number "t/$i" 100 999)"; $l.Target = $webB; $l.Elb = '502'; $l.TargetStatus = $null; $l.Times = '0.001 0.008 -1'; $l.Duration = '0.010'; $l.Sent = 272 } }
        # Downloads declare a Content-Length the body never reaches.
        13 { if ($i -lt 60) { $l.Path = "/downloads/pack-$(Get-Number "d/$i" 10 99).zip"; $l.Target = $webA; $l.Elb = '504'; $l.TargetStatus = '200'; $l.Times = '0.000 0.031 -1'; $l.Duration = '60.040'; $l.Sent = 1048576 } }
        # A scraper on a low-reputation address, denied before any rule.
        14 { $l.ClientIp = "198.51.100.$(Get-Number "s/$i" 2 254)"; $l.Target = $null; $l.TargetGroup = $null; $l.Elb = '403'; $l.TargetStatus = $null; $l.Times = '-1 -1 -1'; $l.Duration = '0.000'; $l.Sent = 150; $l.Actions = $null; $l.Priority = $null }
        # The application's own errors.
        5 { if ($i -in 20, 95) { $l.Path = '/api/orders'; $l.Method = 'POST'; $l.Elb = '500'; $l.TargetStatus = '500'; $l.Sent = 310 } }
    }
    $lines.Add($l)
}
Save-AccessLog "${Account}_elasticloadbalancing_${Region}_app.media-api.$(Get-LoadBalancerId)_20261124T1010Z_10.0.1.87_3c9a1f2e.log" $lines
Save-Scenario @{
    Summary = 'Internet-facing ALB media-api: HTTPS:443 to media-web, /render/* to media-render (target optimizer on, control port 3000); access logs enabled. The configuration is sound; users still report 502, 503, 504 and 403. traffic/ holds ten minutes of its access log.'
    Broken = @(
        "Nothing in the configuration. The access log shows: render target $(Get-Id 'i' 'render-b') sends nothing back for some jobs until the 60-second idle timeout (504, target_processing_time -1).",
        "media-web-2 ($(Get-Id 'i' 'web-b')) answers /api/thumbnails/* with a response the load balancer cannot parse (502 with target_processing_time set and no target status).",
        "media-web-1 ($(Get-Id 'i' 'web-a')) declares a Content-Length larger than the /downloads/* body (504 with target status 200).",
        'The target optimizer rejects /render/* jobs when both render servers are busy (503 without a target); a scraper on 198.51.100.0/24 is denied with 403 without a WAF (DDoS protection); /api/orders returns two 500s of its own.')
    Diagnosis = @(
        'From the configuration alone: Healthy (paths open, targets healthy); the traffic causes are Possible and the target optimizer cause Possible.',
        'With -AccessLogPath traffic: 504.TargetResponseTimeout, 502.MalformedTargetResponse, 504.ContentLengthLargerThanBody, 503.TargetOptimizerRejected and 403.LowReputationRequestDenied Likely, 5XX.TargetGenerated Confirmed; client-side causes RuledOut. Status Problems.')
    ExpectedStatus = 'Healthy'; StatusCodes = @()
    Decisive = [ordered]@{}
    EvidenceMustName = @('target control port 3000')
}
#endregion

