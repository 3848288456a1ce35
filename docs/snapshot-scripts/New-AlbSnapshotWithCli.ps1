# Builds an AlbTroubleshoot snapshot (format version 1) for one ALB with the AWS CLI only.
# Runs in Windows PowerShell 5.1 and PowerShell 7; JSON is passed through as the CLI prints it.
# Usage: ./New-AlbSnapshotWithCli.ps1 -Name web -Region eu-west-1 [-Path web.json] [-AwsOptions ...]
# See docs/snapshot-format.md.
param(
    [Parameter(Mandatory = $true)] [string] $Name,
    [string] $Region = $env:AWS_REGION,
    [string] $Path = "$Name.snapshot.json",
    # Extra CLI options, e.g. '--profile','prod' or '--endpoint-url','http://127.0.0.1:5000'
    [string[]] $AwsOptions = @()
)
# Values are glued to their option (--names=...) so none can become an option of its own.
if ($Name -cnotmatch '^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$') { throw "'$Name' is not a load balancer name." }
if ($Region -and $Region -cnotmatch '^[a-z0-9-]+$') { throw "'$Region' is not a Region." }
$errors = [ordered]@{}
$common = @($AwsOptions) + $(if ($Region) { @("--region=$Region") } else { @() })

function Invoke-AwsJson([string] $Operation, [string[]] $Arguments) {
    # The CLI's JSON text, or $null after recording why under Errors (the section stays unknown).
    $ErrorActionPreference = 'Continue'   # native stderr must not stop the script on 5.1
    $errFile = [IO.Path]::GetTempFileName()
    $out = & aws @common --output json @Arguments 2> $errFile
    $reason = (Get-Content -Raw $errFile) -replace '\s+', ' '
    Remove-Item $errFile
    if ($LASTEXITCODE -ne 0) {
        $errors[$Operation] = "$reason".Trim()
        Write-Warning "$Operation failed: $reason"
        return $null
    }
    $text = ($out -join "`n").Trim()
    if ($text) { $text } else { '{}' }   # an empty response (no web ACL) prints nothing
}
function Get-AwsText([string[]] $Arguments) {
    # A --query result as a list of words ("None" means nothing).
    $ErrorActionPreference = 'Continue'
    (& aws @common --output text @Arguments 2> $null) -split '\s+' | Where-Object { $_ -and $_ -ne 'None' }
}
function Get-Items([string] $ArrayText) {
    # The items of a JSON array text without its brackets ('' for an empty array).
    $t = $ArrayText.Trim()
    $t.Substring(1, $t.Length - 2).Trim()
}
function Q([string] $s) { '"' + ($s -replace '\\', '\\' -replace '"', '\"') + '"' }
function Map($entries) { '{ ' + ((@($entries.Keys) | ForEach-Object { (Q $_) + ': ' + $entries[$_] }) -join ",`n") + ' }' }

$lbs = Invoke-AwsJson DescribeLoadBalancers @('elbv2', 'describe-load-balancers', "--names=$Name")
if (-not $lbs) { throw "Load balancer '$Name' not found or not readable: $($errors.DescribeLoadBalancers)" }
$lbArn = Get-AwsText @('elbv2', 'describe-load-balancers', "--names=$Name", '--query', 'LoadBalancers[0].LoadBalancerArn')
$vpc = Get-AwsText @('elbv2', 'describe-load-balancers', "--names=$Name", '--query', 'LoadBalancers[0].VpcId')
$lbId = $lbArn.Substring($lbArn.IndexOf(':loadbalancer/') + 14)          # app/<name>/<id>
$s = [ordered]@{ DescribeLoadBalancers = $lbs }

$s.DescribeListeners = Invoke-AwsJson DescribeListeners @('elbv2', 'describe-listeners', "--load-balancer-arn=$lbArn")
$rules = @(); $rulesKnown = [bool]$s.DescribeListeners
foreach ($l in Get-AwsText @('elbv2', 'describe-listeners', "--load-balancer-arn=$lbArn", '--query', 'Listeners[].ListenerArn')) {
    $r = Invoke-AwsJson DescribeRules @('elbv2', 'describe-rules', "--listener-arn=$l", '--query', 'Rules')
    if ($null -eq $r) { $rulesKnown = $false } elseif (Get-Items $r) { $rules += Get-Items $r }
}
if ($rulesKnown) { $s.DescribeRules = '{ "Rules": [' + ($rules -join ",`n") + '] }' }

$s.DescribeTargetGroups = Invoke-AwsJson DescribeTargetGroups @('elbv2', 'describe-target-groups', "--load-balancer-arn=$lbArn")
$health = [ordered]@{}; $tgAttributes = [ordered]@{}; $instanceIds = @(); $targetIps = @()
foreach ($tg in Get-AwsText @('elbv2', 'describe-target-groups', "--load-balancer-arn=$lbArn", '--query', 'TargetGroups[].TargetGroupArn')) {
    $h = Invoke-AwsJson DescribeTargetHealth @('elbv2', 'describe-target-health', "--target-group-arn=$tg")
    if ($h) { $health[$tg] = $h }
    $a = Invoke-AwsJson DescribeTargetGroupAttributes @('elbv2', 'describe-target-group-attributes', "--target-group-arn=$tg")
    if ($a) { $tgAttributes[$tg] = $a }
    foreach ($id in Get-AwsText @('elbv2', 'describe-target-health', "--target-group-arn=$tg", '--query', 'TargetHealthDescriptions[].Target.Id')) {
        if ($id -cmatch '^i-[0-9a-f]+$') { $instanceIds += $id } elseif ($id -match '^[0-9a-f.:]+$') { $targetIps += $id }
    }
}
$s.DescribeTargetHealth = Map $health
$lbAttributes = [ordered]@{}
$a = Invoke-AwsJson DescribeLoadBalancerAttributes @('elbv2', 'describe-load-balancer-attributes', "--load-balancer-arn=$lbArn")
if ($a) { $lbAttributes[$lbArn] = $a }
$s.DescribeLoadBalancerAttributes = Map $lbAttributes
$s.DescribeTargetGroupAttributes = Map $tgAttributes

$vpcFilter = "Name=vpc-id,Values=$vpc"
$s.DescribeSecurityGroups = Invoke-AwsJson DescribeSecurityGroups @('ec2', 'describe-security-groups', '--filters', $vpcFilter)
$s.DescribeNetworkAcls = Invoke-AwsJson DescribeNetworkAcls @('ec2', 'describe-network-acls', '--filters', $vpcFilter)
$s.DescribeSubnets = Invoke-AwsJson DescribeSubnets @('ec2', 'describe-subnets', '--filters', $vpcFilter)
$s.DescribeRouteTables = Invoke-AwsJson DescribeRouteTables @('ec2', 'describe-route-tables', '--filters', $vpcFilter)

# Network interfaces: the ALB's own ("ELB app/<name>/<id>"), then those of its IP and instance targets.
$eniFilters = @("Name=description,Values=ELB $lbId")
if ($targetIps) { $eniFilters += 'Name=addresses.private-ip-address,Values=' + (($targetIps | Sort-Object -Unique) -join ',') }
$instanceIds = @($instanceIds | Sort-Object -Unique)
if ($instanceIds) { $eniFilters += 'Name=attachment.instance-id,Values=' + ($instanceIds -join ',') }
$enis = @(); $enisKnown = $true
foreach ($f in $eniFilters) {
    $e = Invoke-AwsJson DescribeNetworkInterfaces @('ec2', 'describe-network-interfaces', '--filters', $f, '--query', 'NetworkInterfaces')
    if ($null -eq $e) { $enisKnown = $false } elseif (Get-Items $e) { $enis += Get-Items $e }
}
if ($enisKnown) { $s.DescribeNetworkInterfaces = '{ "NetworkInterfaces": [' + ($enis -join ",`n") + '] }' }
$s.DescribeInstances = if ($instanceIds) { Invoke-AwsJson DescribeInstances (@('ec2', 'describe-instances', '--instance-ids') + $instanceIds) } else { '{ "Reservations": [] }' }

# Managed prefix lists referenced by the security groups and the route tables.
$prefixLists = @(Get-AwsText @('ec2', 'describe-security-groups', '--filters', $vpcFilter, '--query', 'SecurityGroups[].[IpPermissions[].PrefixListIds[].PrefixListId, IpPermissionsEgress[].PrefixListIds[].PrefixListId][][]')) +
               @(Get-AwsText @('ec2', 'describe-route-tables', '--filters', $vpcFilter, '--query', 'RouteTables[].Routes[].DestinationPrefixListId'))
$entries = [ordered]@{}
foreach ($pl in $prefixLists | Sort-Object -Unique) {
    $p = Invoke-AwsJson GetManagedPrefixListEntries @('ec2', 'get-managed-prefix-list-entries', "--prefix-list-id=$pl")
    if ($p) { $entries[$pl] = $p }
}
$s.GetManagedPrefixListEntries = Map $entries
$waf = [ordered]@{}
$w = Invoke-AwsJson GetWebACLForResource @('wafv2', 'get-web-acl-for-resource', "--resource-arn=$lbArn")
if ($w) { $waf[$lbArn] = $w }
$s.GetWebACLForResource = Map $waf

$errorText = [ordered]@{}
foreach ($k in $errors.Keys) { $errorText[$k] = Q $errors[$k] }
$parts = @('"AlbSnapshotVersion": 1', ('"CollectedAt": ' + (Q ([DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')))), ('"Region": ' + (Q $Region)))
foreach ($k in $s.Keys) { if ($s[$k]) { $parts += (Q $k) + ': ' + $s[$k] } }
$parts += '"Errors": ' + (Map $errorText)
$file = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
[IO.File]::WriteAllText($file, "{`n" + ($parts -join ",`n") + "`n}`n", (New-Object Text.UTF8Encoding $false))
Get-Item $file
