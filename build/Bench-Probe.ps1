# Benchmark of Test-AlbTargetEndpoint on a fleet, run by build.ps1 -Task Bench in a fresh pwsh against
# the built module. A snapshot of one load balancer (idle timeout $IdleSeconds) with an IP target group
# of N targets, each a real HTTP server on 127.0.0.1 that keeps idle connections open (so every
# KeepAlive check waits the whole idle timeout). Reports the median time per fleet size and the ratio
# to one target: the probes run at the same time, so 100 targets should take about one idle wait
# (ratio ~ 1), and -ThrottleLimit 10 about ten of them (ratio ~ 10).
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $IdleSeconds = 2,
    [int] $FleetSize = 100,
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$work = Join-Path ([IO.Path]::GetTempPath()) ("albprobe-bench-" + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory -Path $work

function New-FleetSnapshot([int[]] $Ports, [string] $Path) {
    $lb = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/bench/0001'
    $tg = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/fleet/0001'
    $doc = [ordered]@{
        AlbSnapshotVersion             = 1
        Region                         = 'eu-west-1'
        DescribeLoadBalancers          = @{ LoadBalancers = @(@{ LoadBalancerArn = $lb; LoadBalancerName = 'bench'; Type = 'application'; VpcId = 'vpc-1'; AvailabilityZones = @(); SecurityGroups = @() }) }
        DescribeListeners              = @{ Listeners = @(@{ ListenerArn = ($lb -replace ':loadbalancer/', ':listener/') + '/l1'; LoadBalancerArn = $lb; Protocol = 'HTTP'; Port = 80; DefaultActions = @(@{ Type = 'forward'; TargetGroupArn = $tg }) }) }
        DescribeTargetGroups           = @{ TargetGroups = @(@{ TargetGroupArn = $tg; TargetGroupName = 'fleet'; Protocol = 'HTTP'; Port = 80; VpcId = 'vpc-1'; TargetType = 'ip'; LoadBalancerArns = @($lb)
                    HealthCheckProtocol = 'HTTP'; HealthCheckPort = 'traffic-port'; HealthCheckPath = '/health'; HealthCheckTimeoutSeconds = 5; Matcher = @{ HttpCode = '200' } }) }
        DescribeTargetHealth           = @{ $tg = @{ TargetHealthDescriptions = @($Ports | ForEach-Object { @{ Target = @{ Id = '127.0.0.1'; Port = $_ }; HealthCheckPort = "$_"; TargetHealth = @{ State = 'healthy' } } }) } }
        DescribeLoadBalancerAttributes = @{ $lb = @{ Attributes = @(@{ Key = 'idle_timeout.timeout_seconds'; Value = "$IdleSeconds" }) } }
    }
    $doc | ConvertTo-Json -Depth 10 | Set-Content -Path $Path -Encoding utf8
    $Path
}

$python = @('python3', 'python') | Where-Object { Get-Command $_ -ErrorAction Ignore } | Select-Object -First 1
$info = [System.Diagnostics.ProcessStartInfo]::new($python)
foreach ($a in (Join-Path $PSScriptRoot '../tests/Pester/Probe/probe_server.py'), '0', '200', "$FleetSize") { $info.ArgumentList.Add($a) }
$info.RedirectStandardInput = $true
$info.RedirectStandardOutput = $true
$info.UseShellExecute = $false
$server = [System.Diagnostics.Process]::Start($info)
try {
    $ports = [int[]]($server.StandardOutput.ReadLine() -split ',')
    $cases = @(
        @{ Name = '1 target'; Snapshot = New-FleetSnapshot $ports[0..0] (Join-Path $work 'one.json'); Throttle = 100 }
        @{ Name = "$FleetSize targets"; Snapshot = New-FleetSnapshot $ports (Join-Path $work 'fleet.json'); Throttle = 100 }
        @{ Name = "$FleetSize targets, -ThrottleLimit 10"; Snapshot = (Join-Path $work 'fleet.json'); Throttle = 10 }
    )
    $baseline = $null
    foreach ($case in $cases) {
        $times = for ($r = 0; $r -lt $Runs; $r++) {
            $rows = $null
            $t = Measure-Command { $rows = @(Test-AlbTargetEndpoint -Snapshot $case.Snapshot -ThrottleLimit $case.Throttle) }
            $pass = @($rows | Where-Object { $_.Check -eq 'KeepAlive' -and $_.Verdict -eq 'Pass' }).Count
            if ($pass -ne ($rows.Count / 6)) { throw "$($case.Name): $pass KeepAlive passes for $($rows.Count / 6) targets" }
            $t.TotalSeconds
        }
        $median = @($times | Sort-Object)[[int][Math]::Floor($Runs / 2)]
        if ($null -eq $baseline) { $baseline = $median }
        '{0,-32} median {1,6:N2} s   ratio to 1 target {2,5:N2}   (idle wait {3} s + 1 s margin)' -f $case.Name, $median, ($median / $baseline), $IdleSeconds
    }
}
finally {
    $server.StandardInput.Close()
    if (-not $server.WaitForExit(5000)) { $server.Kill() }
    Remove-Item -LiteralPath $work -Recurse -Force
}
