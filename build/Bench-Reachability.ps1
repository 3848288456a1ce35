# Benchmark of the path analysis (Test-AlbTargetReachability's engine), run by build.ps1 -Task Bench
# in a fresh pwsh against the built module. Offline: a synthetic snapshot with 3 ALB subnets and N
# instance targets spread over 3 target subnets, each checked for 2 purposes (traffic port 8080,
# health-check port 8081), so N x 2 x 3 node paths of 8 hops. Reports the median time per size and
# the ratio to the smallest size: linear growth shows as ratio ~ N / N0.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int[]] $Sizes = @(250, 500, 1000, 2000),
    [int] $Runs = 5
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function New-BenchSnapshot([int] $Targets) {
    $region = 'eu-west-1'
    $lbArn = "arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/app/bench/0001"
    $tgArn = "arn:aws:elasticloadbalancing:${region}:111122223333:targetgroup/bench-app/0001"
    $zones = 'a', 'b', 'c'
    $albSubnets = for ($z = 0; $z -lt 3; $z++) { @{ SubnetId = "subnet-alb$z"; VpcId = 'vpc-1'; AvailabilityZone = "$region$($zones[$z])"; CidrBlock = "10.0.$z.0/24" } }
    $appSubnets = for ($z = 0; $z -lt 3; $z++) { @{ SubnetId = "subnet-app$z"; VpcId = 'vpc-1'; AvailabilityZone = "$region$($zones[$z])"; CidrBlock = "10.0.$(16 + 8 * $z).0/21" } }
    $ephemeral = @{ From = 1024; To = 65535 }
    $albAcl = @(
        @{ RuleNumber = 100; Egress = $false; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '0.0.0.0/0'; PortRange = @{ From = 443; To = 443 } }
        @{ RuleNumber = 110; Egress = $false; Protocol = '6'; RuleAction = 'deny'; CidrBlock = '198.51.100.0/24'; PortRange = $ephemeral }
        @{ RuleNumber = 120; Egress = $false; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '10.0.0.0/16'; PortRange = $ephemeral }
        @{ RuleNumber = 32767; Egress = $false; Protocol = '-1'; RuleAction = 'deny'; CidrBlock = '0.0.0.0/0' }
        @{ RuleNumber = 100; Egress = $true; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '10.0.0.0/16'; PortRange = @{ From = 8080; To = 8081 } }
        @{ RuleNumber = 110; Egress = $true; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '0.0.0.0/0'; PortRange = $ephemeral }
        @{ RuleNumber = 32767; Egress = $true; Protocol = '-1'; RuleAction = 'deny'; CidrBlock = '0.0.0.0/0' }
    )
    $appAcl = @(
        @{ RuleNumber = 100; Egress = $false; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '10.0.0.0/22'; PortRange = @{ From = 8080; To = 8081 } }
        @{ RuleNumber = 32767; Egress = $false; Protocol = '-1'; RuleAction = 'deny'; CidrBlock = '0.0.0.0/0' }
        @{ RuleNumber = 100; Egress = $true; Protocol = '6'; RuleAction = 'allow'; CidrBlock = '10.0.0.0/22'; PortRange = $ephemeral }
        @{ RuleNumber = 32767; Egress = $true; Protocol = '-1'; RuleAction = 'deny'; CidrBlock = '0.0.0.0/0' }
    )
    $enis = [Collections.Generic.List[object]]::new()
    $instances = [Collections.Generic.List[object]]::new()
    $health = [Collections.Generic.List[object]]::new()
    for ($z = 0; $z -lt 3; $z++) {
        $enis.Add(@{ NetworkInterfaceId = "eni-alb$z"; SubnetId = "subnet-alb$z"; VpcId = 'vpc-1'; Description = 'ELB app/bench/0001'
                PrivateIpAddress = "10.0.$z.10"; PrivateIpAddresses = @(@{ PrivateIpAddress = "10.0.$z.10"; Primary = $true }); Groups = @(@{ GroupId = 'sg-alb' }) })
    }
    for ($i = 0; $i -lt $Targets; $i++) {
        $z = $i % 3
        $n = [int][Math]::Floor($i / 3) + 10
        $ip = "10.0.$(16 + 8 * $z + [int][Math]::Floor($n / 250)).$($n % 250 + 1)"
        $id = 'i-{0:x17}' -f $i
        $enis.Add(@{ NetworkInterfaceId = ('eni-{0:x17}' -f $i); SubnetId = "subnet-app$z"; VpcId = 'vpc-1'; PrivateIpAddress = $ip
                PrivateIpAddresses = @(@{ PrivateIpAddress = $ip; Primary = $true }); Groups = @(@{ GroupId = 'sg-app' }); Attachment = @{ InstanceId = $id; DeviceIndex = 0 } })
        $instances.Add(@{ InstanceId = $id; State = @{ Name = 'running' }; SubnetId = "subnet-app$z"; VpcId = 'vpc-1'; PrivateIpAddress = $ip; SecurityGroups = @(@{ GroupId = 'sg-app' }) })
        $health.Add(@{ Target = @{ Id = $id; Port = 8080 }; HealthCheckPort = '8081'; TargetHealth = @{ State = 'healthy' } })
    }
    $doc = [ordered]@{
        AlbSnapshotVersion          = 1
        Region                      = $region
        DescribeLoadBalancers       = @{ LoadBalancers = @(@{ LoadBalancerArn = $lbArn; LoadBalancerName = 'bench'; Scheme = 'internet-facing'; VpcId = 'vpc-1'; IpAddressType = 'ipv4'
                    SecurityGroups = @('sg-alb'); AvailabilityZones = @($albSubnets | ForEach-Object { @{ ZoneName = $_.AvailabilityZone; SubnetId = $_.SubnetId } }) }) }
        DescribeListeners           = @{ Listeners = @(@{ ListenerArn = "$lbArn/l1" -replace ':loadbalancer/', ':listener/'; LoadBalancerArn = $lbArn; Protocol = 'HTTPS'; Port = 443
                    DefaultActions = @(@{ Type = 'forward'; TargetGroupArn = $tgArn }) }) }
        DescribeTargetGroups        = @{ TargetGroups = @(@{ TargetGroupArn = $tgArn; TargetGroupName = 'bench-app'; Protocol = 'HTTP'; Port = 8080; VpcId = 'vpc-1'; TargetType = 'instance'
                    HealthCheckEnabled = $true; HealthCheckPort = '8081'; LoadBalancerArns = @($lbArn) }) }
        DescribeTargetHealth        = @{ $tgArn = @{ TargetHealthDescriptions = $health } }
        DescribeSecurityGroups      = @{ SecurityGroups = @(
                @{ GroupId = 'sg-alb'; GroupName = 'bench-alb'; VpcId = 'vpc-1'; IpPermissions = @(@{ IpProtocol = 'tcp'; FromPort = 443; ToPort = 443; IpRanges = @(@{ CidrIp = '0.0.0.0/0' }) })
                    IpPermissionsEgress = @(@{ IpProtocol = 'tcp'; FromPort = 8080; ToPort = 8081; UserIdGroupPairs = @(@{ GroupId = 'sg-app' }) }) }
                @{ GroupId = 'sg-app'; GroupName = 'bench-app'; VpcId = 'vpc-1'; IpPermissionsEgress = @()
                    IpPermissions = @(@{ IpProtocol = 'tcp'; FromPort = 22; ToPort = 22; IpRanges = @(@{ CidrIp = '203.0.113.0/24' }) }
                        @{ IpProtocol = 'tcp'; FromPort = 8080; ToPort = 8081; UserIdGroupPairs = @(@{ GroupId = 'sg-alb' }) }) }) }
        DescribeNetworkAcls         = @{ NetworkAcls = @(
                @{ NetworkAclId = 'acl-alb'; VpcId = 'vpc-1'; Associations = @($albSubnets | ForEach-Object { @{ SubnetId = $_.SubnetId } }); Entries = $albAcl }
                @{ NetworkAclId = 'acl-app'; VpcId = 'vpc-1'; Associations = @($appSubnets | ForEach-Object { @{ SubnetId = $_.SubnetId } }); Entries = $appAcl }) }
        DescribeSubnets             = @{ Subnets = @($albSubnets) + @($appSubnets) }
        DescribeRouteTables         = @{ RouteTables = @(@{ RouteTableId = 'rtb-main'; VpcId = 'vpc-1'; Associations = @(@{ Main = $true })
                    Routes = @(@{ DestinationCidrBlock = '10.0.0.0/16'; GatewayId = 'local'; State = 'active'; Origin = 'CreateRouteTable' }
                        @{ DestinationCidrBlock = '0.0.0.0/0'; GatewayId = 'igw-1'; State = 'active'; Origin = 'CreateRoute' }) }) }
        DescribeNetworkInterfaces   = @{ NetworkInterfaces = $enis }
        DescribeInstances           = @{ Reservations = @(@{ Instances = $instances }) }
        GetManagedPrefixListEntries = @{}
    }
    $doc | ConvertTo-Json -Depth 12 -Compress
}

function Measure-Median([scriptblock] $Block, [int] $Count) {
    $times = for ($r = 0; $r -lt $Count; $r++) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Block
        $sw.Stop()
        $sw.Elapsed.TotalMilliseconds
    }
    ($times | Sort-Object)[[int][Math]::Floor($Count / 2)]
}

# The engine's types are internal: the bench reaches the three it times by reflection, looked up once.
$engine = [AlbTroubleshoot.AlbSnapshot].Assembly
$anyStatic = [Reflection.BindingFlags]'Public,NonPublic,Static'
$parseMethod = $engine.GetType('AlbTroubleshoot.Snapshots.SnapshotDocument', $true).GetMethod('Parse', $anyStatic)
$mapMethod = $engine.GetType('AlbTroubleshoot.Model.SnapshotMapper', $true).GetMethod('Map', $anyStatic)
$analyzeMethod = $engine.GetType('AlbTroubleshoot.Reachability.TargetPathAnalyzer', $true).GetMethod('Analyze', $anyStatic)
function Read-Document([string] $Json, [string] $Name) { $parseMethod.Invoke($null, @($Json, $Name)) }
function Get-Model($Document) { $mapMethod.Invoke($null, @($Document)) }
function Invoke-Analyze($Model, $LoadBalancer) { $analyzeMethod.Invoke($null, @($Model, $LoadBalancer, [Threading.CancellationToken]::None)) }

# Warm-up, so that tiered JIT compilation is not charged to the smallest size.
$warm = Get-Model (Read-Document (New-BenchSnapshot 100) 'warm-up.json')
for ($w = 0; $w -lt 40; $w++) { $null = Invoke-Analyze $warm $warm.LoadBalancers[0] }

$rows = foreach ($n in $Sizes) {
    $json = New-BenchSnapshot $n
    $document = Read-Document $json "bench-$n.json"
    $model = Get-Model $document
    $lb = $model.LoadBalancers[0]
    $results = Invoke-Analyze $model $lb
    if ($results.Count -ne 2 * $n) { throw "Expected $(2 * $n) results for $n targets, got $($results.Count)." }
    if (@($results | Where-Object Verdict -NE 'Reachable').Count -ne 0) { throw "The bench environment should be reachable everywhere; it is not for $n targets." }
    $analyze = Measure-Median { Invoke-Analyze $model $lb } $Runs
    $map = Measure-Median { Get-Model $document } $Runs
    [pscustomobject]@{ Targets = $n; Paths = 2 * $n * 3; AnalyzeMs = [Math]::Round($analyze, 1); MapMs = [Math]::Round($map, 1) }
}
$base = $rows[0]
foreach ($row in $rows) {
    $row | Add-Member TargetRatio ([Math]::Round($row.Targets / $base.Targets, 2))
    $row | Add-Member TimeRatio ([Math]::Round($row.AnalyzeMs / $base.AnalyzeMs, 2))
    $row | Add-Member UsPerPath ([Math]::Round(1000 * $row.AnalyzeMs / $row.Paths, 1))
}
Write-Host 'Path analysis (TargetPathAnalyzer.Analyze), median of' $Runs 'runs; 2 purposes x 3 ALB subnets per target:'
$rows | Format-Table Targets, Paths, AnalyzeMs, UsPerPath, TargetRatio, TimeRatio, MapMs -AutoSize | Out-String | Write-Host
$thousand = $rows | Where-Object Targets -EQ 1000
if ($thousand) { Write-Host ("1,000 targets: {0} ms for the analysis ({1} ms more to map the snapshot)." -f $thousand.AnalyzeMs, $thousand.MapMs) }
