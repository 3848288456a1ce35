<#
.SYNOPSIS
    TEST-ONLY stand-in for AWS Tools for PowerShell V5 (AWS.Tools.EC2, AWS.Tools.ElasticLoadBalancingV2,
    AWS.Tools.WAFV2, AWS.Tools.CloudWatch, AWS.Tools.S3, AWS.Tools.Athena), which cannot be installed on the build machines.

.DESCRIPTION
    Exports the real AWS Tools cmdlet names with their real parameter names (the data parameters
    the collector uses and the AWS common parameters), so the module's AWS Tools collector runs
    unchanged against it:
    - The EC2 cmdlets call moto through the real AWSSDK.EC2 v4 client, so they return the very
      Amazon.EC2.Model.* objects AWS Tools V5 returns: null for empty collections, nullable numbers,
      ConstantClass enum objects, Ipv4Ranges, PrefixListIds[].Id, Reservation objects.
    - The ELB2 and WAF2 cmdlets (no SDK package for them on the build machines) fetch the same data
      through botocore (one long-lived boto_bridge.py process) and reshape it the way the SDK does: enum values become objects with a
      Value property whose ToString() is the wire value, empty lists become $null, timestamps
      become DateTime.
    - Service failures are terminating errors wrapping an Amazon.Runtime.AmazonServiceException with
      its ErrorCode, as AWS Tools' ThrowExecutionError does.
    Every call is recorded (name and bound parameter names, never values of keys) for the tests'
    call-budget and pass-through assertions. Set-AwsStandInFailure makes one cmdlet fail with an
    AWS error code (every call, so a throttled call stays throttled), or before AWS answers as
    AWS Tools do: NoCredentials, ConnectFailure.
    The module under test never loads an SDK; only this test module does.
#>
Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

function Get-NuGetPackageFolder([string] $Id, [string] $Version) {
    $root = $env:NUGET_PACKAGES
    if (-not $root) { $root = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $dir = Join-Path $root "$($Id.ToLowerInvariant())/$Version/lib/netstandard2.0"
    if (-not (Test-Path $dir)) { throw "The AWS Tools stand-in needs NuGet package $Id $Version (restore tools/tools.csproj)." }
    $dir
}

# Versions pinned in tools/tools.csproj.
$toolsProject = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../tools/tools.csproj'))
$pinned = @{}
foreach ($p in $toolsProject.Project.ItemGroup.PackageDownload) { if ($p) { $pinned[$p.Include] = $p.Version.Trim('[', ']') } }
if (-not ('Amazon.EC2.AmazonEC2Client' -as [type])) {
    Add-Type -Path (Join-Path (Get-NuGetPackageFolder 'AWSSDK.Core' $pinned['AWSSDK.Core']) 'AWSSDK.Core.dll')
    Add-Type -Path (Join-Path (Get-NuGetPackageFolder 'AWSSDK.EC2' $pinned['AWSSDK.EC2']) 'AWSSDK.EC2.dll')
}
if (-not ('AwsToolsStandIn.ConstantClass' -as [type])) {
    Add-Type -TypeDefinition @'
namespace AwsToolsStandIn
{
    /// <summary>Shaped like Amazon.Runtime.ConstantClass: the SDK's enum values.</summary>
    public sealed class ConstantClass
    {
        public ConstantClass(string value) { Value = value; }
        public string Value { get; private set; }
        public override string ToString() { return Value; }
    }
}
'@
}

if (-not ('AwsToolsStandIn.CloudWatch.MetricDataQuery' -as [type])) {
    # AWSSDK.CloudWatch is not served to the build machines: these classes have the SDK v4 shape of
    # the request objects (settable properties, List<T> collections, nullable numbers), so that
    # PowerShell converts the collector's nested hashtables to them exactly as it would to the SDK's.
    Add-Type -TypeDefinition @'
using System.Collections.Generic;
namespace AwsToolsStandIn.CloudWatch
{
    public sealed class Dimension { public string Name { get; set; } public string Value { get; set; } }
    public sealed class Metric { public List<Dimension> Dimensions { get; set; } public string MetricName { get; set; } public string Namespace { get; set; } }
    public sealed class MetricStat { public Metric Metric { get; set; } public int? Period { get; set; } public string Stat { get; set; } public object Unit { get; set; } }   // StandardUnit in the SDK; never set by the collector
    public sealed class MetricDataQuery
    {
        public string AccountId { get; set; }
        public string Expression { get; set; }
        public string Id { get; set; }
        public string Label { get; set; }
        public MetricStat MetricStat { get; set; }
        public int? Period { get; set; }
        public bool? ReturnData { get; set; }
    }
}
'@
}

$script:Calls = [System.Collections.Generic.List[object]]::new()
$script:Failures = @{}

function Get-AwsStandInCall { $script:Calls.ToArray() }
function Clear-AwsStandInCall { $script:Calls.Clear() }
function Set-AwsStandInFailure {
    param([Parameter(Mandatory)] [string] $Command, [string] $ErrorCode = 'AccessDenied')
    $script:Failures[$Command] = $ErrorCode
}
function Clear-AwsStandInFailure { $script:Failures.Clear() }

function Register-Call([System.Management.Automation.InvocationInfo] $Invocation) {
    $script:Calls.Add([pscustomobject]@{
            Command    = $Invocation.MyCommand.Name
            Parameters = @($Invocation.BoundParameters.Keys | Sort-Object)
            Region     = $Invocation.BoundParameters['Region']
            EndpointUrl = $Invocation.BoundParameters['EndpointUrl']
        })
}

function New-ServiceError([string] $Command, [string] $ErrorCode, [string] $Message) {
    # What AWS Tools throws: InvalidOperationException wrapping the SDK's service exception.
    $inner = [Amazon.Runtime.AmazonServiceException]::new($Message, $null, [Amazon.Runtime.ErrorType]::Sender, $ErrorCode, 'standin-request', [System.Net.HttpStatusCode]::BadRequest)
    [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Message, $inner),
        "$ErrorCode,Amazon.PowerShell.Cmdlets.$Command", [System.Management.Automation.ErrorCategory]::InvalidOperation, $null)
}

function Assert-NotFailing([System.Management.Automation.PSCmdlet] $Cmdlet) {
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    Register-Call $Cmdlet.MyInvocation
    if ($script:Failures.ContainsKey($name)) {
        $code = $script:Failures[$name]
        # Failures before AWS answers, as AWS Tools' ThrowExecutionError reports them: an
        # InvalidOperationException with AWS Tools' own message, or around the network exception.
        if ($code -eq 'NoCredentials') {
            $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new('No credentials specified or obtained from persisted/shell defaults.'),
                    "InvalidOperationException,Amazon.PowerShell.Cmdlets.$name", [System.Management.Automation.ErrorCategory]::InvalidOperation, $null))
        }
        if ($code -eq 'ConnectFailure') {
            $inner = [System.Net.Http.HttpRequestException]::new('Connection refused (127.0.0.1:1)')
            $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new($inner.Message, $inner),
                    "System.Net.Http.HttpRequestException,Amazon.PowerShell.Cmdlets.$name", [System.Management.Automation.ErrorCategory]::InvalidOperation, $null))
        }
        $Cmdlet.ThrowTerminatingError((New-ServiceError $name $code 'You are not authorized to perform this operation.'))
    }
}

function Get-CommonArgument([hashtable] $Bound) {
    $region = if ($Bound['Region']) { [string]$Bound['Region'] } elseif ($env:AWS_DEFAULT_REGION) { $env:AWS_DEFAULT_REGION } else { $env:AWS_REGION }
    [pscustomobject]@{
        Region      = $region
        EndpointUrl = [string]$Bound['EndpointUrl']
        AccessKey   = if ($Bound['AccessKey']) { [string]$Bound['AccessKey'] } else { $env:AWS_ACCESS_KEY_ID }
        SecretKey   = if ($Bound['SecretKey']) { [string]$Bound['SecretKey'] } else { $env:AWS_SECRET_ACCESS_KEY }
        Credential  = $Bound['Credential']
    }
}

#region EC2: the real SDK client against the endpoint
function New-Ec2Client([hashtable] $Bound) {
    $c = Get-CommonArgument $Bound
    $config = [Amazon.EC2.AmazonEC2Config]::new()
    if ($c.EndpointUrl) { $config.ServiceURL = $c.EndpointUrl; $config.AuthenticationRegion = $c.Region }
    else { $config.RegionEndpoint = [Amazon.RegionEndpoint]::GetBySystemName($c.Region) }
    $credentials = if ($c.Credential -is [Amazon.Runtime.AWSCredentials]) { $c.Credential } else { [Amazon.Runtime.BasicAWSCredentials]::new($c.AccessKey, $c.SecretKey) }
    [Amazon.EC2.AmazonEC2Client]::new($credentials, $config)
}

function Invoke-Ec2Paged {
    # Auto-iterates NextToken like AWS Tools V5 and writes the result_key items.
    param([System.Management.Automation.PSCmdlet] $Cmdlet, [string] $Operation, $Request, [string] $ResultKey)
    $client = New-Ec2Client $Cmdlet.MyInvocation.BoundParameters
    try {
        do {
            try { $response = $client."${Operation}Async"($Request, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult() }
            catch [Amazon.Runtime.AmazonServiceException] {
                $Cmdlet.ThrowTerminatingError((New-ServiceError $Cmdlet.MyInvocation.MyCommand.Name $_.Exception.ErrorCode $_.Exception.Message))
            }
            $items = $response.$ResultKey
            if ($items) { foreach ($i in $items) { $Cmdlet.WriteObject($i) } }
            $next = if ($response.PSObject.Properties['NextToken']) { $response.NextToken } else { $null }
            if ($next) { $Request.NextToken = $next }
        } while ($next)
    }
    finally { $client.Dispose() }
}

function Get-EC2SecurityGroup {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.SecurityGroup')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $GroupId,
        [Parameter(Position = 1)] [Amazon.EC2.Model.Filter[]] $Filter,
        [string[]] $GroupName,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.DescribeSecurityGroupsRequest]::new()
    if ($GroupId) { $r.GroupIds = [System.Collections.Generic.List[string]]$GroupId }
    if ($Filter) { $r.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]$Filter }
    if ($GroupName) { $r.GroupNames = [System.Collections.Generic.List[string]]$GroupName }
    Invoke-Ec2Paged $PSCmdlet 'DescribeSecurityGroups' $r 'SecurityGroups'
}

function Get-EC2NetworkAcl {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.NetworkAcl')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $NetworkAclId,
        [Parameter(Position = 1)] [Amazon.EC2.Model.Filter[]] $Filter,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.DescribeNetworkAclsRequest]::new()
    if ($NetworkAclId) { $r.NetworkAclIds = [System.Collections.Generic.List[string]]$NetworkAclId }
    if ($Filter) { $r.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]$Filter }
    Invoke-Ec2Paged $PSCmdlet 'DescribeNetworkAcls' $r 'NetworkAcls'
}

function Get-EC2Subnet {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.Subnet')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $SubnetId,
        [Parameter(Position = 1)] [Amazon.EC2.Model.Filter[]] $Filter,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.DescribeSubnetsRequest]::new()
    if ($SubnetId) { $r.SubnetIds = [System.Collections.Generic.List[string]]$SubnetId }
    if ($Filter) { $r.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]$Filter }
    Invoke-Ec2Paged $PSCmdlet 'DescribeSubnets' $r 'Subnets'
}

function Get-EC2RouteTable {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.RouteTable')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $RouteTableId,
        [Parameter(Position = 1)] [Amazon.EC2.Model.Filter[]] $Filter,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.DescribeRouteTablesRequest]::new()
    if ($RouteTableId) { $r.RouteTableIds = [System.Collections.Generic.List[string]]$RouteTableId }
    if ($Filter) { $r.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]$Filter }
    Invoke-Ec2Paged $PSCmdlet 'DescribeRouteTables' $r 'RouteTables'
}

function Get-EC2NetworkInterface {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.NetworkInterface')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $NetworkInterfaceId,
        [Parameter(Position = 1)] [Amazon.EC2.Model.Filter[]] $Filter,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.DescribeNetworkInterfacesRequest]::new()
    if ($NetworkInterfaceId) { $r.NetworkInterfaceIds = [System.Collections.Generic.List[string]]$NetworkInterfaceId }
    if ($Filter) { $r.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]$Filter }
    Invoke-Ec2Paged $PSCmdlet 'DescribeNetworkInterfaces' $r 'NetworkInterfaces'
}

function Get-EC2Instance {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.Reservation')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [object[]] $InstanceId,
        [Parameter(Position = 1)] [Amazon.EC2.Model.Filter[]] $Filter,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.DescribeInstancesRequest]::new()
    if ($InstanceId) { $r.InstanceIds = [System.Collections.Generic.List[string]]($InstanceId | ForEach-Object { [string]$_ }) }
    if ($Filter) { $r.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]$Filter }
    Invoke-Ec2Paged $PSCmdlet 'DescribeInstances' $r 'Reservations'
}

function Get-EC2ManagedPrefixListEntry {
    [CmdletBinding()]
    [OutputType('Amazon.EC2.Model.PrefixListEntry')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName, Mandatory)] [string] $PrefixListId,
        [long] $TargetVersion,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $r = [Amazon.EC2.Model.GetManagedPrefixListEntriesRequest]::new()
    $r.PrefixListId = $PrefixListId
    Invoke-Ec2Paged $PSCmdlet 'GetManagedPrefixListEntries' $r 'Entries'
}
#endregion

#region ELB2 and WAF2: botocore (through boto_bridge.py), reshaped like SDK objects
# Properties whose SDK type is a ConstantClass (enum object) rather than a string.
$script:EnumProperties = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
        'Scheme', 'Type', 'Code', 'IpAddressType', 'Protocol', 'HealthCheckProtocol', 'TargetType', 'State', 'Reason'))
$script:TimestampProperties = [System.Collections.Generic.HashSet[string]]::new([string[]]@('CreatedTime', 'Timestamps'))

function ConvertTo-SdkShape($Value, [string] $PropertyName) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Collections.IList]) {
        if ($Value.Count -eq 0) { return $null }   # SDK v4: empty collections are null
        $list = [System.Collections.Generic.List[object]]::new()
        # A list of timestamps (GetMetricData's Timestamps) holds DateTimes, as the SDK's List<DateTime>.
        $itemName = if ($PropertyName -eq 'Timestamps') { $PropertyName } else { '' }
        foreach ($item in $Value) { $list.Add((ConvertTo-SdkShape $item $itemName)) }
        return , $list
    }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $o = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $o[$p.Name] = ConvertTo-SdkShape $p.Value $p.Name }
        return [pscustomobject]$o
    }
    if ($Value -is [string] -and $script:EnumProperties.Contains($PropertyName)) { return [AwsToolsStandIn.ConstantClass]::new($Value) }
    if ($script:TimestampProperties.Contains($PropertyName)) {
        if ($Value -is [datetime]) { return $Value.ToUniversalTime() }
        return [datetime]::Parse($Value, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)
    }
    $Value
}

$script:Bridge = $null

function Invoke-BotoBridge {
    # Calls ELBv2/WAFv2 through the long-lived boto_bridge.py process (started on first use).
    param([System.Management.Automation.PSCmdlet] $Cmdlet, [string] $Service, [string] $Operation, [hashtable] $Params, [string] $ResultKey, [string] $TypeName,
        [string] $Property)   # with ResultKey '.': write only this property of the response (Start-ATHQueryExecution's -Select QueryExecutionId)
    if (-not $script:Bridge -or $script:Bridge.HasExited) {
        $python = (Get-Command python3, python -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
        $psi = [System.Diagnostics.ProcessStartInfo]::new($python)
        $psi.ArgumentList.Add((Join-Path $PSScriptRoot 'boto_bridge.py'))
        $psi.RedirectStandardInput = $true; $psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
        $script:Bridge = [System.Diagnostics.Process]::Start($psi)
    }
    $c = Get-CommonArgument $Cmdlet.MyInvocation.BoundParameters
    $request = @{ service = $Service; operation = $Operation; params = $Params; region = $c.Region; endpoint = $c.EndpointUrl
        access_key = $c.AccessKey; secret_key = $c.SecretKey } | ConvertTo-Json -Compress -Depth 10
    $script:Bridge.StandardInput.WriteLine($request)
    $doc = $script:Bridge.StandardOutput.ReadLine() | ConvertFrom-Json
    if ($doc.PSObject.Properties['__error__']) {
        $e = $doc.__error__
        $Cmdlet.ThrowTerminatingError((New-ServiceError $Cmdlet.MyInvocation.MyCommand.Name $e.Code $e.Message))
    }
    if ($ResultKey -eq '.' -and $Property) {
        $Cmdlet.WriteObject($doc.$Property)
        return
    }
    if ($ResultKey -eq '.') {
        # The whole response (AWS Tools' -Select '*', e.g. Get-CWMetricData).
        $shaped = ConvertTo-SdkShape $doc ''
        $shaped.PSObject.TypeNames.Insert(0, $TypeName)
        $Cmdlet.WriteObject($shaped)
        return
    }
    $items = $doc.PSObject.Properties[$ResultKey]
    if (-not $items -or $null -eq $items.Value) { return }
    foreach ($item in @($items.Value)) {
        $shaped = ConvertTo-SdkShape $item ''
        $shaped.PSObject.TypeNames.Insert(0, $TypeName)
        $Cmdlet.WriteObject($shaped)
    }
}

function Stop-AwsStandInBridge {
    if ($script:Bridge -and -not $script:Bridge.HasExited) { $script:Bridge.StandardInput.Close(); $null = $script:Bridge.WaitForExit(5000) }
    $script:Bridge = $null
}

function Get-ELB2LoadBalancer {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.LoadBalancer')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)] [Alias('LoadBalancerArns')] [string[]] $LoadBalancerArn,
        [string[]] $Name,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $p = @{}
    if ($LoadBalancerArn) { $p.LoadBalancerArns = @($LoadBalancerArn) }
    if ($Name) { $p.Names = @($Name) }
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_load_balancers' $p 'LoadBalancers' 'Amazon.ElasticLoadBalancingV2.Model.LoadBalancer'
}

function Get-ELB2Listener {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.Listener')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $ListenerArn,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $LoadBalancerArn,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $p = @{}
    if ($ListenerArn) { $p.ListenerArns = @($ListenerArn) }
    if ($LoadBalancerArn) { $p.LoadBalancerArn = $LoadBalancerArn }
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_listeners' $p 'Listeners' 'Amazon.ElasticLoadBalancingV2.Model.Listener'
}

function Get-ELB2Rule {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.Rule')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string] $ListenerArn,
        [string[]] $RuleArn,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $p = @{}
    if ($ListenerArn) { $p.ListenerArn = $ListenerArn }
    if ($RuleArn) { $p.RuleArns = @($RuleArn) }
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_rules' $p 'Rules' 'Amazon.ElasticLoadBalancingV2.Model.Rule'
}

function Get-ELB2TargetGroup {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.TargetGroup')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string] $LoadBalancerArn,
        [string[]] $Name,
        [string[]] $TargetGroupArn,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $p = @{}
    if ($LoadBalancerArn) { $p.LoadBalancerArn = $LoadBalancerArn }
    if ($Name) { $p.Names = @($Name) }
    if ($TargetGroupArn) { $p.TargetGroupArns = @($TargetGroupArn) }
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_target_groups' $p 'TargetGroups' 'Amazon.ElasticLoadBalancingV2.Model.TargetGroup'
}

function Get-ELB2TargetHealth {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.TargetHealthDescription')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName, Mandatory)] [string] $TargetGroupArn,
        [object[]] $Target,
        [string[]] $Include,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_target_health' @{ TargetGroupArn = $TargetGroupArn } 'TargetHealthDescriptions' 'Amazon.ElasticLoadBalancingV2.Model.TargetHealthDescription'
}

function Get-ELB2LoadBalancerAttribute {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.LoadBalancerAttribute')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName, Mandatory)] [string] $LoadBalancerArn,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_load_balancer_attributes' @{ LoadBalancerArn = $LoadBalancerArn } 'Attributes' 'Amazon.ElasticLoadBalancingV2.Model.LoadBalancerAttribute'
}

function Get-ELB2TargetGroupAttribute {
    [CmdletBinding()]
    [OutputType('Amazon.ElasticLoadBalancingV2.Model.TargetGroupAttribute')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName, Mandatory)] [string] $TargetGroupArn,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    Invoke-BotoBridge $PSCmdlet 'elbv2' 'describe_target_group_attributes' @{ TargetGroupArn = $TargetGroupArn } 'Attributes' 'Amazon.ElasticLoadBalancingV2.Model.TargetGroupAttribute'
}

function Get-WAF2WebACLForResource {
    [CmdletBinding()]
    [OutputType('Amazon.WAFV2.Model.WebACL')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName, Mandatory)] [string] $ResourceArn,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    # The API answers {"WebACL": ...} or {} when no web ACL is associated; the cmdlet then writes nothing.
    Invoke-BotoBridge $PSCmdlet 'wafv2' 'get_web_acl_for_resource' @{ ResourceArn = $ResourceArn } 'WebACL' 'Amazon.WAFV2.Model.WebACL'
}
#endregion

#region CloudWatch (AWS.Tools.CloudWatch): the metrics of -MetricWindow and Get-AlbMetric
function ConvertFrom-RequestObject($Value) {
    # A typed request object back to the plain shape botocore takes (nulls left out).
    if ($null -eq $Value -or $Value -is [string] -or $Value -is [ValueType]) { return $Value }
    if ($Value -is [AwsToolsStandIn.ConstantClass]) { return $Value.Value }
    if ($Value -is [System.Collections.IEnumerable]) { return , @(foreach ($item in $Value) { ConvertFrom-RequestObject $item }) }
    $h = @{}
    foreach ($p in $Value.PSObject.Properties) { if ($null -ne $p.Value) { $h[$p.Name] = ConvertFrom-RequestObject $p.Value } }
    $h
}

function Get-CWMetricData {
    [CmdletBinding()]
    [OutputType('Amazon.CloudWatch.Model.GetMetricDataResponse')]
    param(
        [Parameter(Mandatory)] [AwsToolsStandIn.CloudWatch.MetricDataQuery[]] $MetricDataQuery,
        [Parameter(Mandatory)] [datetime] $UtcStartTime,
        [Parameter(Mandatory)] [datetime] $UtcEndTime,
        [string] $ScanBy, [int] $MaxDatapoint,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    if ($UtcStartTime.Kind -ne [DateTimeKind]::Utc -or $UtcEndTime.Kind -ne [DateTimeKind]::Utc) {
        throw 'Get-CWMetricData stand-in: -UtcStartTime and -UtcEndTime must be UTC DateTimes (a local time would shift the window).'
    }
    $p = @{
        MetricDataQueries = @($MetricDataQuery | ForEach-Object { ConvertFrom-RequestObject $_ })
        StartTime = $UtcStartTime.ToString('o'); EndTime = $UtcEndTime.ToString('o')
    }
    Invoke-BotoBridge $PSCmdlet 'cloudwatch' 'get_metric_data' $p '.' 'Amazon.CloudWatch.Model.GetMetricDataResponse'
}
#endregion

#region S3 (AWS.Tools.S3): the access-log download of -AccessLogFrom
function Get-S3Object {
    [CmdletBinding()]
    [OutputType('Amazon.S3.Model.S3Object')]
    param(
        [Parameter(Position = 0, Mandatory)] [string] $BucketName,
        [Parameter(Position = 1)] [Alias('Prefix')] [string] $KeyPrefix,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $p = @{ Bucket = $BucketName }
    if ($KeyPrefix) { $p.Prefix = $KeyPrefix }
    Invoke-BotoBridge $PSCmdlet 's3' 'list_objects_v2' $p 'Contents' 'Amazon.S3.Model.S3Object'
}

function Read-S3Object {
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Position = 0, Mandatory)] [string] $BucketName,
        [Parameter(Mandatory)] [string] $Key,
        [Parameter(Mandatory)] [string] $File,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    Invoke-BotoBridge $PSCmdlet 's3' 'download_file' @{ Bucket = $BucketName; Key = $Key; Filename = $File } 'None' 'None'
    Get-Item -LiteralPath $File
}
#endregion

$MyInvocation.MyCommand.ScriptBlock.Module.OnRemove = { Stop-AwsStandInBridge }
# AWS.Tools.Athena: Start-ATHQueryExecution writes the QueryExecutionId (its default -Select), Get-ATHQueryExecution
# the QueryExecution, Get-ATHQueryResult the ResultSet of each page (here one: the bridge joins the pages).
$script:AthenaFailure = $null
function Set-AwsStandInAthenaFailure([string] $Reason) { $script:AthenaFailure = $Reason }   # the next queries end FAILED with this reason
function Clear-AwsStandInAthenaFailure { $script:AthenaFailure = $null }

function Start-ATHQueryExecution {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Position = 0, Mandatory)] [string] $QueryString,
        [string] $WorkGroup, [string] $QueryExecutionContext_Database, [string] $ResultConfiguration_OutputLocation,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    $p = @{ QueryString = $QueryString }
    if ($WorkGroup) { $p.WorkGroup = $WorkGroup }
    if ($QueryExecutionContext_Database) { $p.QueryExecutionContext = @{ Database = $QueryExecutionContext_Database } }
    if ($ResultConfiguration_OutputLocation) { $p.ResultConfiguration = @{ OutputLocation = $ResultConfiguration_OutputLocation } }
    Invoke-BotoBridge $PSCmdlet 'athena' 'start_query_execution' $p '.' 'Amazon.Athena.Model.StartQueryExecutionResponse' -Property 'QueryExecutionId'
}

function Get-ATHQueryExecution {
    [CmdletBinding()]
    [OutputType('Amazon.Athena.Model.QueryExecution')]
    param(
        [Parameter(Position = 0, Mandatory)] [string] $QueryExecutionId,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    if ($script:AthenaFailure) {
        $PSCmdlet.WriteObject([pscustomobject]@{ QueryExecutionId = $QueryExecutionId
                Status = [pscustomobject]@{ State = [AwsToolsStandIn.ConstantClass]::new('FAILED'); StateChangeReason = $script:AthenaFailure
                    AthenaError = [pscustomobject]@{ ErrorCategory = 2; ErrorType = 1301; ErrorMessage = $script:AthenaFailure } }
                Statistics = [pscustomobject]@{ DataScannedInBytes = 0 } })
        return
    }
    Invoke-BotoBridge $PSCmdlet 'athena' 'get_query_execution' @{ QueryExecutionId = $QueryExecutionId } 'QueryExecution' 'Amazon.Athena.Model.QueryExecution'
}

function Get-ATHQueryResult {
    [CmdletBinding()]
    [OutputType('Amazon.Athena.Model.ResultSet')]
    param(
        [Parameter(Position = 0, Mandatory)] [string] $QueryExecutionId,
        [object] $Region, [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [string] $ProfileName,
        [string] $ProfileLocation, [object] $Credential, [pscredential] $NetworkCredential, [string] $EndpointUrl
    )
    Assert-NotFailing $PSCmdlet
    Invoke-BotoBridge $PSCmdlet 'athena' 'get_query_results' @{ QueryExecutionId = $QueryExecutionId } 'ResultSet' 'Amazon.Athena.Model.ResultSet'
}

Export-ModuleMember -Function Get-EC2*, Get-ELB2*, Get-WAF2*, Get-CWMetricData, Get-S3Object, Read-S3Object, Start-ATHQueryExecution, Get-ATHQueryExecution, Get-ATHQueryResult, Get-AwsStandInCall, Clear-AwsStandInCall, Set-AwsStandInFailure, Clear-AwsStandInFailure, Set-AwsStandInAthenaFailure, Clear-AwsStandInAthenaFailure
