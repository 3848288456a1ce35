# Benchmark of -All (docs/fleet.md), run by build.ps1 -Task Bench in a fresh pwsh against the built
# module. Counts and ratios, not timed tests:
# (a) API calls of Invoke-AlbDiagnosis -All on moto (through the AWS Tools stand-in, which records
#     every call) for N ALBs in V VPCs, one Region per case: the calls per operation, the shared EC2
#     calls against 6 V, the per-ALB calls against 7 N (one listener and one target group per ALB),
#     and the total against the formula 1 + 7 N + 6 V. Needs python3 with moto and boto3.
# (b) Offline diagnosis of 100 ALBs x 20 targets (samples/healthy.json widened to 10 instance targets
#     per target group, copied with SnapshotGenerator): the time of Invoke-AlbDiagnosis on the loaded
#     snapshot, against 50 ALBs; medians of -Runs, alternated. Linear means a ratio near 2.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Runs = 5,
    [switch] $SkipMoto
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
& (Join-Path $root 'tests/AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')   # the snapshot generator

if (-not $SkipMoto) {
    . (Join-Path $root 'tests/Pester/Moto/MotoServer.ps1')
    $saved = Save-Environment
    Set-MotoCredential
    $moto = Start-MotoServer
    try {
        Import-Module (Join-Path $root 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
        $python = (Get-Command python3, python -CommandType Application | Select-Object -First 1).Source
        $shared = 'Get-EC2Subnet', 'Get-EC2NetworkInterface', 'Get-EC2NetworkAcl', 'Get-EC2RouteTable', 'Get-EC2SecurityGroup', 'Get-EC2Instance', 'Get-EC2ManagedPrefixListEntry'
        ''
        '(a) API calls of Invoke-AlbDiagnosis -All on moto (AWS Tools stand-in), one Region per case'
        '{0,-12} {1,6} {2,16} {3,14} {4,8} {5,18} {6,10}' -f 'Region', 'N x V', 'shared EC2 (6V)', 'per ALB (7N)', 'total', '1 + 7N + 6V', 'seconds'
        $cases = @(@('us-east-1', 50, 1), @('eu-west-1', 50, 5), @('us-west-2', 10, 5))
        $null = & $python (Join-Path $root 'tests/Pester/Moto/New-MotoFleet.py') $moto.EndpointUrl @($cases | ForEach-Object { $_ -join ':' })
        if ($LASTEXITCODE -ne 0) { throw 'Building the moto fleets failed.' }
        foreach ($case in $cases) {
            $region, $n, $v = $case
            Clear-AwsStandInCall
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $d = @(Invoke-AlbDiagnosis -All -Region $region -Source AwsTools -EndpointUrl $moto.EndpointUrl -WarningAction SilentlyContinue)
            $seconds = $sw.Elapsed.TotalSeconds
            if ($d.Count -ne $n) { throw "$region : $($d.Count) diagnoses for $n ALBs" }
            $calls = @(Get-AwsStandInCall)
            $sharedCount = @($calls | Where-Object Command -In $shared).Count
            $listCount = @($calls | Where-Object Command -EQ 'Get-ELB2LoadBalancer').Count
            $perAlb = $calls.Count - $sharedCount - $listCount
            $formula = 1 + 7 * $n + 6 * $v
            '{0,-12} {1,6} {2,16} {3,14} {4,8} {5,18} {6,10:0.0}' -f $region, "$n x $v", "$sharedCount ($(6 * $v))", "$perAlb ($(7 * $n))", $calls.Count, $formula, $seconds
            '             by operation: ' + (($calls | Group-Object Command | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', ')
            if ($calls.Count -ne $formula) { throw "$region : $($calls.Count) calls, the formula says $formula" }
        }
    }
    finally {
        Stop-MotoServer $moto
        Remove-Module AwsToolsStandIn -ErrorAction Ignore
        Restore-Environment $saved
    }
}

# (b) Offline: a base of one ALB with 20 instance targets, copied 50 and 100 times.
$work = Join-Path ([IO.Path]::GetTempPath()) ('albfleet-bench-' + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory -Path $work
try {
    $base = Get-Content -Raw (Join-Path $root 'samples/healthy.json') | ConvertFrom-Json -AsHashtable
    $reservations = [Collections.Generic.List[object]]::new()
    $k = 0
    foreach ($tgArn in @($base.DescribeTargetHealth.Keys)) {
        $health = $base.DescribeTargetHealth[$tgArn].TargetHealthDescriptions
        $template = $health[0]
        $instance = ($base.DescribeInstances.Reservations.Instances | Where-Object InstanceId -EQ $template.Target.Id)
        $descriptions = foreach ($t in 1..10) {
            $k++
            $id = 'i-{0:x17}' -f (0x5eed00000 + $k)
            $copy = $instance | ConvertTo-Json -Depth 20 | ConvertFrom-Json -AsHashtable
            $copy.InstanceId = $id
            $copy.PrivateIpAddress = ($instance.PrivateIpAddress -replace '\.\d+$', ".$(100 + $k)")
            if ($copy.NetworkInterfaces) { foreach ($n in $copy.NetworkInterfaces) { $n.PrivateIpAddress = $copy.PrivateIpAddress; $n.PrivateIpAddresses = @(@{ PrivateIpAddress = $copy.PrivateIpAddress; Primary = $true }) } }
            $reservations.Add(@{ ReservationId = ('r-{0:x17}' -f (0x5eed00000 + $k)); Instances = @($copy) })
            @{ Target = @{ Id = $id; Port = $template.Target.Port }; HealthCheckPort = $template.HealthCheckPort; TargetHealth = @{ State = 'healthy' } }
        }
        $base.DescribeTargetHealth[$tgArn].TargetHealthDescriptions = @($descriptions)
    }
    $base.DescribeInstances.Reservations = $reservations.ToArray()
    $basePath = Join-Path $work 'base.json'
    $base | ConvertTo-Json -Depth 30 | Set-Content -Path $basePath -Encoding utf8
    $one = Join-Path $work 'one.json'
    $null = [AlbTroubleshoot.Scenarios.SnapshotGenerator]::WriteLarge($basePath, $one, 1)
    $perCopy = (Get-Item $one).Length

    function New-Fleet([int] $Count) {
        $path = Join-Path $work "fleet-$Count.json"
        # WriteLarge copies the sample as often as fits in the bytes asked for: aim at the middle of a copy.
        $copies = [AlbTroubleshoot.Scenarios.SnapshotGenerator]::WriteLarge($basePath, $path, [long]($perCopy * ($Count - 0.5)))
        if ($copies -ne $Count) { $copies = [AlbTroubleshoot.Scenarios.SnapshotGenerator]::WriteLarge($basePath, $path, [long]($perCopy * $Count)) }
        $snapshot = Get-AlbSnapshot -Path $path
        if ($snapshot.LoadBalancers.Count -ne $Count) { throw "$($snapshot.LoadBalancers.Count) load balancers generated, $Count wanted" }
        $snapshot
    }
    $fleets = @{ '50' = (New-Fleet 50); '100' = (New-Fleet 100) }
    $targets = @($base.DescribeTargetHealth.Values.TargetHealthDescriptions).Count
    $times = @{ '50' = [Collections.Generic.List[double]]::new(); '100' = [Collections.Generic.List[double]]::new() }
    $null = Invoke-AlbDiagnosis -Snapshot $fleets['50']   # warm-up: the first call pays the JIT
    foreach ($i in 1..$Runs) {
        foreach ($n in 50, 100) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $d = @(Invoke-AlbDiagnosis -Snapshot $fleets["$n"] -ErrorAction Stop)
            $times["$n"].Add($sw.Elapsed.TotalSeconds)
            if ($d.Count -ne $n) { throw "$($d.Count) diagnoses for $n ALBs" }
        }
    }
    $median = { param($l) $s = @($l | Sort-Object); $s[[int][Math]::Floor($s.Count / 2)] }
    $t50 = & $median $times['50']
    $t100 = & $median $times['100']
    ''
    "(b) Offline diagnosis, ALBs x $targets targets each, medians of $Runs, alternated"
    '{0,-10} {1,10}' -f 'ALBs', 'seconds'
    '{0,-10} {1,10:0.000}' -f 50, $t50
    '{0,-10} {1,10:0.000}' -f 100, $t100
    'ratio 100/50: {0:0.00} (linear: 2.00)' -f ($t100 / $t50)
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
