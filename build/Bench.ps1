<#
.SYNOPSIS
    The access-log benchmark of `build.ps1 -Task Bench`: Measure-AlbAccessLog against the floor and
    the tools an operator would use, on generated logs, with ratios measured in the same run.
.DESCRIPTION
    Generates (once, cached under -WorkDirectory) -Lines deterministic ALB lines as one .log.gz and
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
    @(Get-ChildItem $Folder -Filter *.gz | Sort-Object Name | ForEach-Object FullName)
}

function Measure-Best([scriptblock] $Script) {
    # Best of $Runs wall-clock seconds: the least disturbed run on a shared machine.
    $best = [double]::MaxValue
    foreach ($i in 1..$Runs) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Script
        $best = [Math]::Min($best, $sw.Elapsed.TotalSeconds)
    }
    $best
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
    $list = ($Paths | ForEach-Object { "'$_'" }) -join ','
    $command = "Import-Module '$ModuleManifest'; `$null = Measure-AlbAccessLog -Path $list; [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
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
function Add-Row([string] $Data, [string] $What, [double] $Seconds) {
    $rows.Add([pscustomobject]@{ Data = $Data; What = $What; Seconds = [Math]::Round($Seconds, 2); LinesPerSecond = [Math]::Round($Lines / $Seconds / 1e6, 2) })
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
if ($hasGzip) {
    $manyList = ($many | ForEach-Object { "'$_'" }) -join ' '
    $gzipOne = Measure-Best { sh -c "gzip -dc '$($one[0])' > /dev/null" }
    Add-Row '1 file' 'gzip -dc > /dev/null' $gzipOne
    $awkOne = Measure-Best { sh -c "gzip -dc '$($one[0])' | awk '$awkProgram' > /dev/null" }
    Add-Row '1 file' "gzip -dc | awk '{c[`$9]++} ...'" $awkOne
    $awkMany = Measure-Best { sh -c "gzip -dc $manyList | awk '$awkProgram' > /dev/null" }
    Add-Row "$Files files" "gzip -dc | awk '{c[`$9]++} ...'" $awkMany
}
$rows | Format-Table Data, What, Seconds, @{ n = 'M lines/s'; e = { $_.LinesPerSecond } } -AutoSize | Out-String -Width 200 | Write-Host

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
$checks = @(
    [pscustomobject]@{ Target = 'one file: Measure / floor <= 1.15'; Value = [Math]::Round($measureOne / $floorOne, 2); Met = ($measureOne / $floorOne) -le 1.15 }
    [pscustomobject]@{ Target = 'several files: >= 1.5 M lines/s'; Value = [Math]::Round($Lines / $measureMany / 1e6, 2); Met = ($Lines / $measureMany) -ge 1.5e6 }
    [pscustomobject]@{ Target = 'peak memory under 100 MB'; Value = [Math]::Round([Math]::Max($memOne, $memMany4) / 1MB); Met = [Math]::Max($memOne, $memMany4) -lt 100MB }
    [pscustomobject]@{ Target = 'memory flat: 4x input / 1x input <= 1.1'; Value = [Math]::Round($memMany4 / $memMany, 2); Met = ($memMany4 / $memMany) -le 1.1 }
)
if ($hasGzip) {
    $checks += [pscustomobject]@{ Target = 'one file: faster than gzip -dc alone (gzip / Measure > 1)'; Value = [Math]::Round($gzipOne / $measureOne, 2); Met = $gzipOne -gt $measureOne }
    $checks += [pscustomobject]@{ Target = 'one file: awk pipeline / Measure >= 4'; Value = [Math]::Round($awkOne / $measureOne, 2); Met = ($awkOne / $measureOne) -ge 4 }
    $checks += [pscustomobject]@{ Target = 'several files: awk pipeline / Measure >= 4'; Value = [Math]::Round($awkMany / $measureMany, 2); Met = ($awkMany / $measureMany) -ge 4 }
}
$checks | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
