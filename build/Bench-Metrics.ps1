# Benchmark of the CloudWatch metrics, run by build.ps1 -Task Bench in a fresh pwsh against the built
# module. (a) GetMetricData calls for a collection of N load balancers with T target groups each in
# Z zones: the collector sends the queries of every load balancer (CloudWatch/MetricQueries.cs) cut
# into calls of 500, so the calls are the batches of those queries; printed beside the query count and
# the bound ceil(queries / 500). (b) The analysis time a metric window adds: samples/metrics-502.json
# with its GetMetricData section replaced by a generated 24 h window at 1-minute resolution (every
# query the module sends for that load balancer, 1,440 points each) against the same snapshot without
# the section, both loaded beforehand, Invoke-AlbDiagnosis alternated, medians of -Runs.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Runs = 11
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$assembly = [AlbTroubleshoot.MetricSeries].Assembly
$queriesType = $assembly.GetType('AlbTroubleshoot.CloudWatch.MetricQueries', $true)
$queryType = $assembly.GetType('AlbTroubleshoot.CloudWatch.MetricQuery', $true)
$for = $queriesType.GetMethods() | Where-Object { $_.Name -eq 'For' -and $_.GetParameters()[0].ParameterType -eq [string] }
$batches = ($queriesType.GetMethods() | Where-Object Name -EQ 'Batches').MakeGenericMethod($queryType)
$listType = [System.Collections.Generic.List`1].MakeGenericType($queryType)

function Get-Queries([string] $LbArn, [string[]] $GroupArns, [string[]] $Zones, [string] $Prefix) {
    , $for.Invoke($null, @($LbArn, $GroupArns, $Zones, 60, $null, $Prefix))
}

'(a) GetMetricData calls per collection'
'{0,-30} {1,8} {2,6} {3,16}' -f 'load balancers x TGs x zones', 'queries', 'calls', 'ceil(queries/500)'
foreach ($case in @(@(1, 1, 2), @(1, 5, 3), @(10, 5, 3), @(50, 5, 3), @(200, 10, 3))) {
    $n, $t, $z = $case
    $all = [Activator]::CreateInstance($listType)
    for ($i = 0; $i -lt $n; $i++) {
        $lb = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/lb$i/$('{0:x16}' -f $i)"
        $groups = [string[]](0..($t - 1) | ForEach-Object { "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tg$i-$_/$('{0:x16}' -f $_)" })
        $zones = [string[]](0..($z - 1) | ForEach-Object { "eu-west-1$([char](97 + $_))" })
        $all.AddRange((Get-Queries $lb $groups $zones "l$i"))
    }
    $calls = $batches.Invoke($null, @($all, 500)).Count
    $bound = [Math]::Ceiling($all.Count / 500)
    if ($calls -gt $bound) { throw "$n x $t x $z : $calls calls for $($all.Count) queries" }
    '{0,-30} {1,8} {2,6} {3,16}' -f "$n x $t x $z", $all.Count, $calls, $bound
}

# (b) The sample, with and without a generated 24 h, 1-minute GetMetricData section.
$work = Join-Path ([IO.Path]::GetTempPath()) ('albmetrics-bench-' + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory -Path $work
try {
    $sample = Get-Content -Raw (Join-Path $PSScriptRoot '../samples/metrics-502.json') | ConvertFrom-Json -AsHashtable
    $sample.Remove('GetMetricData')
    $without = Join-Path $work 'without.json'
    $sample | ConvertTo-Json -Depth 30 | Set-Content -Path $without -Encoding utf8

    $lb = $sample.DescribeLoadBalancers.LoadBalancers[0]
    $groups = [string[]]@($sample.DescribeTargetGroups.TargetGroups | Where-Object { $_.LoadBalancerArns -contains $lb.LoadBalancerArn } | ForEach-Object TargetGroupArn)
    $zones = [string[]]@($lb.AvailabilityZones | ForEach-Object ZoneName)
    $queries = Get-Queries $lb.LoadBalancerArn $groups $zones 'l0'
    $start = [DateTime]::new(2026, 11, 23, 10, 0, 0, [DateTimeKind]::Utc)
    $points = 1440
    $times = (0..($points - 1) | ForEach-Object { '"' + $start.AddMinutes($_).ToString('yyyy-MM-ddTHH:mm:ssZ') + '"' }) -join ','
    $sb = [System.Text.StringBuilder]::new()
    $null = $sb.Append('{"').Append($lb.LoadBalancerArn).Append('":{"StartTime":"').Append($start.ToString('yyyy-MM-ddTHH:mm:ssZ')).Append('","EndTime":"').Append($start.AddDays(1).ToString('yyyy-MM-ddTHH:mm:ssZ')).Append('","MetricDataQueries":[')
    $null = $sb.Append((($queries | ForEach-Object { $_.ToJson().ToJson($false) }) -join ',')).Append('],"MetricDataResults":[')
    $q = 0
    foreach ($query in $queries) {
        if ($q -gt 0) { $null = $sb.Append(',') }
        # Counts that vary (so peaks and totals are real work); host counts between 0 and 3.
        $values = (0..($points - 1) | ForEach-Object { (($_ * 7 + $q * 13) % 29) % 4 }) -join ','
        $null = $sb.Append('{"Id":"').Append($query.Id).Append('","Label":"').Append($query.MetricName).Append('","Timestamps":[').Append($times).Append('],"Values":[').Append($values).Append('],"StatusCode":"Complete"}')
        $q++
    }
    $null = $sb.Append(']}}')
    $sample['GetMetricData'] = $sb.ToString() | ConvertFrom-Json -AsHashtable
    $with = Join-Path $work 'with.json'
    $sample | ConvertTo-Json -Depth 30 -Compress | Set-Content -Path $with -Encoding utf8

    $snapshots = @{ without = Get-AlbSnapshot -Path $without; with = Get-AlbSnapshot -Path $with }
    $check = Invoke-AlbDiagnosis -Snapshot $snapshots.with
    if ($check.Metrics.Count -ne $queries.Count -or @($check.Metrics | Where-Object { $_.Values.Count -ne $points }).Count -gt 0) {
        throw "The generated section did not read back: $($check.Metrics.Count) series for $($queries.Count) queries"
    }
    foreach ($s in $snapshots.Values) { $null = Invoke-AlbDiagnosis -Snapshot $s }   # warm up both
    $ms = @{ without = [System.Collections.Generic.List[double]]::new(); with = [System.Collections.Generic.List[double]]::new() }
    for ($r = 0; $r -lt $Runs; $r++) {
        foreach ($k in 'without', 'with') {
            $ms[$k].Add((Measure-Command { $null = Invoke-AlbDiagnosis -Snapshot $snapshots[$k] }).TotalMilliseconds)
        }
    }
    # Reading the file (the section is parsed into series here, not in the diagnosis), for scale.
    $read = @{ without = [System.Collections.Generic.List[double]]::new(); with = [System.Collections.Generic.List[double]]::new() }
    $files = @{ without = $without; with = $with }
    for ($r = 0; $r -lt $Runs; $r++) {
        foreach ($k in 'without', 'with') { $read[$k].Add((Measure-Command { $null = Get-AlbSnapshot -Path $files[$k] }).TotalMilliseconds) }
    }
    $median = @{}; $readMedian = @{}
    foreach ($k in 'without', 'with') {
        $median[$k] = @($ms[$k] | Sort-Object)[[int][Math]::Floor($Runs / 2)]
        $readMedian[$k] = @($read[$k] | Sort-Object)[[int][Math]::Floor($Runs / 2)]
    }
    ''
    "(b) Invoke-AlbDiagnosis on samples/metrics-502.json, $($queries.Count) series x $points points (24 h at 60 s), medians of $Runs"
    '{0,-32} {1,9:N1} ms' -f 'without GetMetricData', $median.without
    '{0,-32} {1,9:N1} ms   ratio {2:N2}   added {3:N1} ms' -f 'with the 24 h window', $median.with, ($median.with / $median.without), ($median.with - $median.without)
    "Get-AlbSnapshot -Path of the same files ({0:N1} MB with the section), medians of $Runs" -f ((Get-Item $with).Length / 1MB)
    '{0,-32} {1,9:N1} ms' -f 'without GetMetricData', $readMedian.without
    '{0,-32} {1,9:N1} ms   ratio {2:N2}   added {3:N1} ms' -f 'with the 24 h window', $readMedian.with, ($readMedian.with / $readMedian.without), ($readMedian.with - $readMedian.without)
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force
}
