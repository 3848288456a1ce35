<#
.SYNOPSIS
    The access-log benchmark of `build.ps1 -Task Bench`: Measure-AlbAccessLog against the floor and
    the tools an operator would use, on generated logs, with ratios measured in the same run.
.DESCRIPTION
    Generates (once, cached under -WorkDirectory; delete it after changing AccessLogGenerator) -Lines deterministic ALB lines as one .log.gz and
    the same lines split over -Files files, then times, best of -Runs:
      floor      decompress only with .NET GZipStream in this pwsh (1 MiB reads, output discarded)
      gzip       gzip -dc file > /dev/null
      awk        gzip -dc file | awk '{c[$9]++} END{...}'   (what an operator types)
      Measure    Measure-AlbAccessLog on the same data
    for one file and for the split files, and the peak working set of a child pwsh running
    Measure-AlbAccessLog on 1x and 4x the data. Prints the figures and the ratios the issue sets targets for.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [int] $Lines = 2000000,
    [int] $Files = 40,
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module $ModuleManifest -Force

function Get-Data([string] $Folder, [int] $FileCount) {
    if (-not (Test-Path $Folder) -or @(Get-ChildItem $Folder -Filter *.gz).Count -ne $FileCount) {
        if (Test-Path $Folder) { Remove-Item $Folder -Recurse -Force }
        Write-Host "Generating $Lines lines in $FileCount file(s) under $Folder ..." -ForegroundColor DarkGray
        $null = [AlbTroubleshoot.AccessLogs.AccessLogGenerator]::WriteGzipFiles($Folder, $Lines, $FileCount, 42)
    }
    # The comma keeps a one-file list an array when it is returned.
    , @(Get-ChildItem $Folder -Filter *.gz | Sort-Object Name | ForEach-Object FullName)
}

function Measure-Best([scriptblock] $Script) {
    # Best of $Runs: the least disturbed run on a shared machine. Also the CPU time this process spent
    # in that run (all its threads), which competing load on the machine disturbs less than wall time.
    $best = [double]::MaxValue
    $cpu = 0.0
    $me = [Diagnostics.Process]::GetCurrentProcess()
    foreach ($i in 1..$Runs) {
        $me.Refresh(); $c0 = $me.TotalProcessorTime
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Script
        $wall = $sw.Elapsed.TotalSeconds
        $me.Refresh()
        if ($wall -lt $best) { $best = $wall; $cpu = ($me.TotalProcessorTime - $c0).TotalSeconds }
    }
    [pscustomobject]@{ Wall = $best; Cpu = $cpu }
}

function Invoke-Floor([string[]] $Paths) {
    $buffer = [byte[]]::new(1MB)
    foreach ($p in $Paths) {
        $file = [IO.File]::OpenRead($p)
        $gz = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionMode]::Decompress)
        try { while ($gz.Read($buffer, 0, $buffer.Length) -gt 0) { } } finally { $gz.Dispose() }
    }
}

function Get-PeakWorkingSet([string[]] $Paths) {
    # A child pwsh, so the figure is Measure-AlbAccessLog's alone; it prints its own peak before exiting.
    # Without paths it only imports the module: the baseline of pwsh itself.
    $list = ($Paths | ForEach-Object { "'$_'" }) -join ','
    $measure = if ($Paths) { "`$null = Measure-AlbAccessLog -Path $list; " } else { '' }
    $command = "Import-Module '$ModuleManifest'; $measure[Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
    $exe = [Environment]::ProcessPath
    $pwshArgs = @('-NoProfile', '-NonInteractive', '-Command', $command)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $pwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) + $pwshArgs }
    [long](& $exe @pwshArgs | Select-Object -Last 1)
}

$one = Get-Data (Join-Path $WorkDirectory "one-$Lines") 1
$many = Get-Data (Join-Path $WorkDirectory "split-$Lines-$Files") $Files
$hasGzip = [bool](Get-Command gzip -ErrorAction SilentlyContinue) -and [bool](Get-Command awk -ErrorAction SilentlyContinue) -and [bool](Get-Command sh -ErrorAction SilentlyContinue)
$awkProgram = '{c[$9]++} END{for(k in c) print k, c[k]}'

# Same answer first: awk's count of field 9 (elb_status_code) must equal Measure's count per code.
$summary = @(Measure-AlbAccessLog -Path $one[0])
if ($hasGzip) {
    $awk = sh -c "gzip -dc '$($one[0])' | awk '$awkProgram'" | ForEach-Object { $k, $v = $_ -split ' '; [pscustomobject]@{ Code = $k; Count = [long]$v } }
    foreach ($a in $awk) {
        $ours = ($summary | Where-Object { '{0}' -f $_.ElbStatusCode -eq $a.Code } | Measure-Object Count -Sum).Sum
        if ($ours -ne $a.Count) { throw "Measure-AlbAccessLog counted $ours lines with code $($a.Code); awk counted $($a.Count)." }
    }
}
$bytes = ($one | ForEach-Object { (Get-Item $_).Length } | Measure-Object -Sum).Sum

$rows = [Collections.Generic.List[object]]::new()
function Add-Row([string] $Data, [string] $What, $Time) {
    $cpu = if ($Time.Cpu -gt 0) { [Math]::Round($Time.Cpu, 2) } else { '' }
    $rows.Add([pscustomobject]@{ Data = $Data; What = $What; Seconds = [Math]::Round($Time.Wall, 2); CpuSeconds = $cpu; LinesPerSecond = [Math]::Round($Lines / $Time.Wall / 1e6, 2) })
}

Write-Host "Timing (best of $Runs; load average at start: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3))" -ForegroundColor Cyan
$floorOne = Measure-Best { Invoke-Floor $one }
Add-Row '1 file' 'floor: .NET GZipStream decompress only' $floorOne
$measureOne = Measure-Best { Measure-AlbAccessLog -Path $one[0] }
Add-Row '1 file' 'Measure-AlbAccessLog' $measureOne
$floorMany = Measure-Best { Invoke-Floor $many }
Add-Row "$Files files" 'floor: .NET GZipStream decompress only, one file after another' $floorMany
$measureMany = Measure-Best { Measure-AlbAccessLog -Path $many }
Add-Row "$Files files" 'Measure-AlbAccessLog' $measureMany
# What -AccessLogPath of Invoke-AlbDiagnosis / Get-AlbErrorCause reads: every line, grouped by load balancer.
$measureByLb = Measure-Best { Measure-AlbAccessLog -Path $many -By LoadBalancer }
Add-Row "$Files files" 'Measure-AlbAccessLog -By LoadBalancer (the -AccessLogPath scan)' $measureByLb
if ($hasGzip) {
    $manyList = ($many | ForEach-Object { "'$_'" }) -join ' '
    $gzipOne = Measure-Best { sh -c "gzip -dc '$($one[0])' > /dev/null" }
    $gzipOne.Cpu = 0
    Add-Row '1 file' 'gzip -dc > /dev/null' $gzipOne
    $awkOne = Measure-Best { sh -c "gzip -dc '$($one[0])' | awk '$awkProgram' > /dev/null" }
    $awkOne.Cpu = 0
    Add-Row '1 file' "gzip -dc | awk '{c[`$9]++} ...'" $awkOne
    $awkMany = Measure-Best { sh -c "gzip -dc $manyList | awk '$awkProgram' > /dev/null" }
    $awkMany.Cpu = 0
    Add-Row "$Files files" "gzip -dc | awk '{c[`$9]++} ...'" $awkMany
}
$rows | Format-Table Data, What, Seconds, @{ n = 'M lines/s'; e = { $_.LinesPerSecond } }, @{ n = 'CPU s (this pwsh)'; e = { $_.CpuSeconds } } -AutoSize | Out-String -Width 200 | Write-Host

Write-Host 'Peak working set of a child pwsh running Measure-AlbAccessLog' -ForegroundColor Cyan
$memOne = Get-PeakWorkingSet $one
$memMany = Get-PeakWorkingSet $many
$memMany4 = Get-PeakWorkingSet ($many + $many + $many + $many)
$memIdle = Get-PeakWorkingSet @()
'{0,-40} {1,8:N0} MB' -f 'pwsh + module, no file', ($memIdle / 1MB) | Write-Host
'{0,-40} {1,8:N0} MB' -f '1 file', ($memOne / 1MB) | Write-Host
'{0,-40} {1,8:N0} MB' -f "$Files files (1x)", ($memMany / 1MB) | Write-Host
'{0,-40} {1,8:N0} MB' -f "$Files files read 4 times (4x)", ($memMany4 / 1MB) | Write-Host

Write-Host "`nRatios ($Lines lines, $([Math]::Round($bytes / 1MB)) MB gzipped)" -ForegroundColor Cyan
$rOne = $measureOne.Wall / $floorOne.Wall
$moduleMemory = [Math]::Max($memOne, $memMany4) - $memIdle
$checks = @(
    [pscustomobject]@{ Target = 'one file: Measure / floor <= 1.15 (wall)'; Value = [Math]::Round($rOne, 2); Met = $rOne -le 1.15 }
    [pscustomobject]@{ Target = 'one file: Measure / floor, CPU time of this pwsh'; Value = [Math]::Round($measureOne.Cpu / $floorOne.Cpu, 2); Met = '(2 cores: <= 2 leaves the parse on the second core)' }
    [pscustomobject]@{ Target = 'several files: >= 1.5 M lines/s'; Value = [Math]::Round($Lines / $measureMany.Wall / 1e6, 2); Met = ($Lines / $measureMany.Wall) -ge 1.5e6 }
    [pscustomobject]@{ Target = 'several files: -By LoadBalancer / -By Status <= 1.15 (wall)'; Value = [Math]::Round($measureByLb.Wall / $measureMany.Wall, 2); Met = ($measureByLb.Wall / $measureMany.Wall) -le 1.15 }
    [pscustomobject]@{ Target = 'memory over an idle pwsh with the module < 100 MB'; Value = [Math]::Round($moduleMemory / 1MB); Met = $moduleMemory -lt 100MB }
    [pscustomobject]@{ Target = 'memory flat: 4x input / 1x input <= 1.1'; Value = [Math]::Round($memMany4 / $memMany, 2); Met = ($memMany4 / $memMany) -le 1.1 }
)
if ($hasGzip) {
    $checks += [pscustomobject]@{ Target = 'one file: faster than gzip -dc alone (gzip / Measure > 1)'; Value = [Math]::Round($gzipOne.Wall / $measureOne.Wall, 2); Met = $gzipOne.Wall -gt $measureOne.Wall }
    $checks += [pscustomobject]@{ Target = 'one file: awk pipeline / Measure >= 4'; Value = [Math]::Round($awkOne.Wall / $measureOne.Wall, 2); Met = ($awkOne.Wall / $measureOne.Wall) -ge 4 }
    $checks += [pscustomobject]@{ Target = 'several files: awk pipeline / Measure >= 4'; Value = [Math]::Round($awkMany.Wall / $measureMany.Wall, 2); Met = ($awkMany.Wall / $measureMany.Wall) -ge 4 }
}
$checks | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host "Load average at the end: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3) on $([Environment]::ProcessorCount) cores. Wall-clock ratios mean little when the load is above the core count."
