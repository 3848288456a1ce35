<#
.SYNOPSIS
    The access-log benchmark of `build.ps1 -Task Bench`: Measure-AlbAccessLog against the inflate floor
    and the tools an operator would use for the same summary, on generated logs, as ratios measured in
    the same run.
.DESCRIPTION
    Generates (once, cached under -WorkDirectory; delete it after changing tests/AlbTroubleshoot.Scenarios/AccessLogGenerator.cs) -Lines
    deterministic ALB lines as one .log.gz, the same lines split over -Files files, and 4x the lines
    twice: one file of 4 gzip members, and 4 files. Then times, medians of -Runs (the machine may be
    shared: a median resists a burst of load better than one run):
      floor      inflate only with .NET GZipStream in this pwsh (1 MiB reads, output discarded)
      gzip, awk  gzip -dc file > /dev/null; gzip -dc file | awk '{c[$9]++} ...' (what an operator types)
      warm       Measure-AlbAccessLog in this session, after a first call
      cold       the first Measure-AlbAccessLog of a new pwsh (after Import-Module), and the whole
                 one-shot command from a shell (pwsh start-up and import included)
      chDB, DuckDB  the same count per elb_status_code in-process from node (npm chdb, @duckdb/node-api,
                 installed into -WorkDirectory/npm on first use; skipped with the reason when node or
                 npm is missing or the install fails): the first query of a new process (cold), the
                 one-shot process, and further queries in that process (warm)
    Every peer's counts per code are checked equal to the module's before anything is timed. Peak
    memory is each process's peak resident set (pwsh or node, runtime included).
.PARAMETER Lines
    Lines of the 1x data; 4x is four times that. 2,000,000 lines (1.2 GB, 170 MB gzipped) take a few
    minutes in all; 500,000 gives a quick run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [int] $Lines = 2000000,
    [int] $Files = 40,
    [int] $Runs = 3,
    # Skip chDB and DuckDB (no npm install, no peer timings).
    [switch] $NoPeers
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
Import-Module $ModuleManifest -Force
& (Join-Path $PSScriptRoot '../tests/AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')   # the log generator (scenario tooling)
$null = New-Item -ItemType Directory -Force $WorkDirectory
$WorkDirectory = (Resolve-Path $WorkDirectory).Path

# The peers' versions, pinned so runs compare.
$peerPackages = 'chdb@3.4.0', '@duckdb/node-api@1.5.6-r.1'

function Get-Data([string] $Folder, [int] $FileCount) {
    if (-not (Test-Path $Folder) -or @(Get-ChildItem $Folder -Filter *.gz).Count -ne $FileCount) {
        if (Test-Path $Folder) { Remove-Item $Folder -Recurse -Force }
        Write-Host "Generating $Lines lines in $FileCount file(s) under $Folder ..." -ForegroundColor DarkGray
        $null = [AlbTroubleshoot.Scenarios.AccessLogGenerator]::WriteGzipFiles($Folder, $Lines, $FileCount, 42)
    }
    # The comma keeps a one-file list an array when it is returned.
    , @(Get-ChildItem $Folder -Filter *.gz | Sort-Object Name | ForEach-Object FullName)
}

function Get-FourTimes([string] $Source, [string] $Folder, [switch] $Members) {
    # 4x the lines: the 1x file's gzip members concatenated four times into one file (a valid gzip file
    # of 4 members), or four copies of it under other names (each is read: they are distinct files).
    $name = [IO.Path]::GetFileName($Source)
    $want = if ($Members) { 1 } else { 4 }
    $size = (Get-Item $Source).Length * (4 / $want)
    $have = @(Get-ChildItem $Folder -Filter *.gz -ErrorAction SilentlyContinue)
    if ($have.Count -ne $want -or @($have | Where-Object Length -ne $size).Count -gt 0) {
        if (Test-Path $Folder) { Remove-Item $Folder -Recurse -Force }
        $null = New-Item -ItemType Directory $Folder
        if ($Members) {
            $out = [IO.File]::Create((Join-Path $Folder $name))
            try { foreach ($i in 1..4) { $in = [IO.File]::OpenRead($Source); try { $in.CopyTo($out) } finally { $in.Dispose() } } } finally { $out.Dispose() }
        } else {
            foreach ($i in 1..4) { Copy-Item $Source (Join-Path $Folder ($name -replace '_(\d{8})\.log\.gz$', "_0000000$i.log.gz")) }
        }
    }
    , @(Get-ChildItem $Folder -Filter *.gz | Sort-Object Name | ForEach-Object FullName)
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)]
}

function Measure-Median([scriptblock] $Script) {
    # The median of $Runs, and the CPU time this process spent in that run (all its threads): CPU / wall
    # says how many cores the run kept busy.
    $me = [Diagnostics.Process]::GetCurrentProcess()
    $all = foreach ($i in 1..$Runs) {
        $me.Refresh(); $c0 = $me.TotalProcessorTime
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Script
        $wall = $sw.Elapsed.TotalSeconds
        $me.Refresh()
        [pscustomobject]@{ Wall = $wall; Cpu = ($me.TotalProcessorTime - $c0).TotalSeconds }
    }
    $median = Get-Median $all.Wall
    $all | Where-Object Wall -eq $median | Select-Object -First 1
}

function Invoke-Floor([string[]] $Paths) {
    $buffer = [byte[]]::new(1MB)
    foreach ($p in $Paths) {
        $file = [IO.File]::OpenRead($p)
        $gz = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionMode]::Decompress)
        try { while ($gz.Read($buffer, 0, $buffer.Length) -gt 0) { } } finally { $gz.Dispose() }
    }
}

function Quote([string] $Text) { "'" + $Text.Replace("'", "''") + "'" }

function Invoke-Pwsh([string] $Command) {
    # A new pwsh, as a shell starts it; returns its output and the wall time of the whole process.
    $exe = [Environment]::ProcessPath
    $pwshArgs = @('-NoProfile', '-NonInteractive', '-Command', $Command)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $pwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) + $pwshArgs }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $output = & $exe @pwshArgs
    $wall = $sw.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed (exit code $LASTEXITCODE): $output" }
    [pscustomobject]@{ Output = @($output); Wall = $wall }
}

function Measure-Cold([string[]] $Paths) {
    # Per run, a new pwsh imports the module and makes one call: the call's time is the cold first
    # call, the process's the one-shot command. The pwsh prints the call's seconds and its peak memory.
    $list = ($Paths | ForEach-Object { Quote $_ }) -join ','
    $command = "Import-Module $(Quote $ModuleManifest); `$sw = [Diagnostics.Stopwatch]::StartNew(); `$null = Measure-AlbAccessLog -Path $list; " +
        "'{0} {1}' -f `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture), [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
    $all = foreach ($i in 1..$Runs) {
        $r = Invoke-Pwsh $command
        $first, $peak = ($r.Output | Select-Object -Last 1) -split ' '
        [pscustomobject]@{ First = [double]$first; OneShot = $r.Wall; PeakMB = [long]$peak / 1MB }
    }
    [pscustomobject]@{ First = Get-Median $all.First; OneShot = Get-Median $all.OneShot; PeakMB = Get-Median $all.PeakMB }
}

function Get-PeakWorkingSet([string[]] $Paths) {
    # A child pwsh, so the figure is Measure-AlbAccessLog's alone; it prints its own peak before exiting.
    # Without paths it only imports the module: the baseline of pwsh itself.
    $list = ($Paths | ForEach-Object { Quote $_ }) -join ','
    $measure = if ($Paths) { "`$null = Measure-AlbAccessLog -Path $list; " } else { '' }
    [long]((Invoke-Pwsh "Import-Module $(Quote $ModuleManifest); $measure[Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64").Output | Select-Object -Last 1)
}

function Get-OurCounts([string[]] $Paths) {
    $counts = @{}
    foreach ($row in Measure-AlbAccessLog -Path $Paths) {
        $code = if ($null -eq $row.ElbStatusCode) { '-' } else { '{0:000}' -f $row.ElbStatusCode }
        $counts[$code] = [long]$counts[$code] + $row.Count
    }
    $counts
}

function Assert-SameCounts([hashtable] $Ours, $Theirs, [string] $Who) {
    $theirCodes = @($Theirs.PSObject.Properties.Name)
    foreach ($code in @($Ours.Keys) + $theirCodes | Sort-Object -Unique) {
        $t = if ($theirCodes -contains $code) { [long]$Theirs.$code } else { 0 }
        $o = [long]$Ours[$code]
        if ($o -ne $t) { throw "$Who counted $t lines with elb_status_code $code; Measure-AlbAccessLog counted $o." }
    }
}

# --- data ---
$one = Get-Data (Join-Path $WorkDirectory "one-$Lines") 1
$many = Get-Data (Join-Path $WorkDirectory "split-$Lines-$Files") $Files
$fourMembers = Get-FourTimes $one[0] (Join-Path $WorkDirectory "members4-$Lines") -Members
$fourFiles = Get-FourTimes $one[0] (Join-Path $WorkDirectory "files4-$Lines")
$sets = [ordered]@{
    '1x, 1 file'       = [pscustomobject]@{ Paths = $one; Glob = $one[0] }
    '4x, 1 file of 4 gzip members' = [pscustomobject]@{ Paths = $fourMembers; Glob = $fourMembers[0] }
    '4x, 4 files'      = [pscustomobject]@{ Paths = $fourFiles; Glob = Join-Path (Split-Path $fourFiles[0]) '*.gz' }
}
$hasGzip = [bool](Get-Command gzip -ErrorAction SilentlyContinue) -and [bool](Get-Command awk -ErrorAction SilentlyContinue) -and [bool](Get-Command sh -ErrorAction SilentlyContinue)
$awkProgram = '{c[$9]++} END{for(k in c) print k, c[k]}'

# --- peers: installed once into the cache folder, never a dependency of the module or the tests ---
$peerDir = Join-Path $WorkDirectory 'npm'
$peerScript = Join-Path $PSScriptRoot 'bench-peers.js'
$peers = @()
$peerNote = $null
if ($NoPeers) {
    $peerNote = 'chDB and DuckDB skipped: -NoPeers.'
} elseif (-not (Get-Command node -ErrorAction SilentlyContinue) -or -not (Get-Command npm -ErrorAction SilentlyContinue)) {
    $peerNote = 'chDB and DuckDB skipped: node or npm is not on PATH (Debian: apt-get install nodejs npm).'
} else {
    $installed = Join-Path $peerDir 'installed.txt'
    if (-not (Test-Path $installed) -or (Get-Content $installed -Raw).Trim() -ne ($peerPackages -join ' ')) {
        Write-Host "Installing $($peerPackages -join ', ') into $peerDir (npm) ..." -ForegroundColor DarkGray
        $null = New-Item -ItemType Directory -Force $peerDir
        if (-not (Test-Path (Join-Path $peerDir 'package.json'))) { Set-Content (Join-Path $peerDir 'package.json') '{ "name": "albtroubleshoot-bench-peers", "private": true }' }
        $log = & npm install --prefix $peerDir --no-audit --no-fund --no-save @peerPackages 2>&1
        if ($LASTEXITCODE -eq 0) { Set-Content $installed ($peerPackages -join ' ') }
        else { $peerNote = "chDB and DuckDB skipped: npm install failed (exit code $LASTEXITCODE): $(($log | Select-Object -Last 3) -join ' ')" }
    }
    if (-not $peerNote) { $peers = 'chdb', 'duckdb' }
}
if ($peerNote) { Write-Warning $peerNote }

function Invoke-Peer([string] $Engine, [int] $Queries, [string] $Data) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    # The file or glob goes in the environment: pwsh would expand a glob argument to a native command itself.
    $env:ALBTROUBLESHOOT_BENCH_DATA = $Data
    try { $json = & node $peerScript $peerDir $Engine $Queries } finally { Remove-Item Env:ALBTROUBLESHOOT_BENCH_DATA }
    $wall = $sw.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "$Engine failed on $Data (exit code $LASTEXITCODE)." }
    $r = $json | Select-Object -Last 1 | ConvertFrom-Json
    $r | Add-Member OneShot $wall -PassThru
}
$peerName = @{ chdb = 'chDB'; duckdb = 'DuckDB' }

# --- the same answer first ---
$summary = @(Measure-AlbAccessLog -Path $one[0])
if ($hasGzip) {
    $awk = sh -c "gzip -dc '$($one[0])' | awk '$awkProgram'" | ForEach-Object { $k, $v = $_ -split ' '; [pscustomobject]@{ Code = $k; Count = [long]$v } }
    foreach ($a in $awk) {
        $ours = ($summary | Where-Object { '{0}' -f $_.ElbStatusCode -eq $a.Code } | Measure-Object Count -Sum).Sum
        if ($ours -ne $a.Count) { throw "Measure-AlbAccessLog counted $ours lines with code $($a.Code); awk counted $($a.Count)." }
    }
}
$bytes = (Get-Item $one[0]).Length

$rows = [Collections.Generic.List[object]]::new()
function Add-Row([string] $Data, [string] $What, [double] $Seconds, $Cpu = $null, $PeakMB = $null, [double] $LineCount = $Lines) {
    $rows.Add([pscustomobject]@{ Data = $Data; What = $What; Seconds = $Seconds; Cpu = $Cpu; PeakMB = $PeakMB; LinesPerSecond = $LineCount / $Seconds / 1e6 })
    # As it is measured too, so a run cut short on a busy machine still leaves its figures.
    Write-Host ('  {0}: {1}: {2:N2} s{3}{4}' -f $Data, $What, $Seconds, $(if ($null -ne $Cpu) { ', CPU {0:N2} s' -f $Cpu }), $(if ($null -ne $PeakMB) { ', peak {0:N0} MB' -f $PeakMB })) -ForegroundColor DarkGray
}

Write-Host "Timing (medians of $Runs; load average at start: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3))" -ForegroundColor Cyan
$t = @{}
foreach ($setName in $sets.Keys) {
    $set = $sets[$setName]
    $lineCount = if ($setName -like '4x*') { 4.0 * $Lines } else { $Lines }
    $ours = Get-OurCounts $set.Paths   # also the first call of this session on this data: what follows is warm
    foreach ($peer in $peers) { Assert-SameCounts $ours (Invoke-Peer $peer 1 $set.Glob).counts "$($peerName[$peer]) on $setName ($($set.Glob))" }

    $floor = Measure-Median { Invoke-Floor $set.Paths }
    Add-Row $setName 'floor: .NET GZipStream inflate only, one file after another' $floor.Wall $floor.Cpu -LineCount $lineCount
    $warm = Measure-Median { Measure-AlbAccessLog -Path $set.Paths }
    $peak = if ($setName -like '1x*') { $null } else { (Get-PeakWorkingSet $set.Paths) / 1MB }
    Add-Row $setName 'Measure-AlbAccessLog, warm (in session)' $warm.Wall $warm.Cpu $peak -LineCount $lineCount
    $t[$setName] = @{ floor = $floor; warm = $warm; peak = $peak }
    if ($setName -like '1x*') {
        $cold = Measure-Cold $set.Paths
        Add-Row $setName 'Measure-AlbAccessLog, cold: first call of a new pwsh' $cold.First -PeakMB $cold.PeakMB
        Add-Row $setName 'Measure-AlbAccessLog, one-shot: pwsh -c "Import-Module; Measure-AlbAccessLog"' $cold.OneShot
        $t[$setName].cold = $cold
    }
    foreach ($peer in $peers) {
        $name = $peerName[$peer]
        $w = Invoke-Peer $peer (1 + $Runs) $set.Glob
        $warmPeer = Get-Median @($w.times | Select-Object -Skip 1 | ForEach-Object { $_ / 1000 })
        Add-Row $setName "$name, warm (in process)" $warmPeer -PeakMB $w.peakMB -LineCount $lineCount
        $t[$setName][$peer] = @{ warm = $warmPeer; peak = $w.peakMB }
        if ($setName -like '1x*') {
            $c = foreach ($i in 1..$Runs) { Invoke-Peer $peer 1 $set.Glob }
            $first = Get-Median @($c | ForEach-Object { $_.times[0] / 1000 })
            $load = Get-Median @($c | ForEach-Object { $_.load / 1000 })
            Add-Row $setName ("$name, cold: first query of a new process (engine load {0:N2} s before it)" -f $load) $first
            Add-Row $setName "$name, one-shot: node process, load and one query" (Get-Median $c.OneShot)
            $t[$setName][$peer].first = $first
            $t[$setName][$peer].oneShot = Get-Median $c.OneShot
        }
    }
}

$floorMany = Measure-Median { Invoke-Floor $many }
Add-Row "1x, $Files files" 'floor: .NET GZipStream inflate only, one file after another' $floorMany.Wall $floorMany.Cpu
$measureMany = Measure-Median { Measure-AlbAccessLog -Path $many }
Add-Row "1x, $Files files" 'Measure-AlbAccessLog, warm' $measureMany.Wall $measureMany.Cpu
# What -AccessLogPath of Invoke-AlbDiagnosis / Get-AlbErrorCause reads: every line, grouped by load balancer.
$measureByLb = Measure-Median { Measure-AlbAccessLog -Path $many -By LoadBalancer }
Add-Row "1x, $Files files" 'Measure-AlbAccessLog -By LoadBalancer (the -AccessLogPath scan), warm' $measureByLb.Wall $measureByLb.Cpu
if ($hasGzip) {
    $manyList = ($many | ForEach-Object { "'$_'" }) -join ' '
    $gzipOne = Measure-Median { sh -c "gzip -dc '$($one[0])' > /dev/null" }
    Add-Row '1x, 1 file' 'gzip -dc > /dev/null' $gzipOne.Wall
    $awkOne = Measure-Median { sh -c "gzip -dc '$($one[0])' | awk '$awkProgram' > /dev/null" }
    Add-Row '1x, 1 file' "gzip -dc | awk '{c[`$9]++} ...'" $awkOne.Wall
    $awkMany = Measure-Median { sh -c "gzip -dc $manyList | awk '$awkProgram' > /dev/null" }
    Add-Row "1x, $Files files" "gzip -dc | awk '{c[`$9]++} ...'" $awkMany.Wall
}
$memIdle = (Get-PeakWorkingSet @()) / 1MB
$rows | Format-Table Data, What, @{ n = 'Seconds'; e = { '{0:N2}' -f $_.Seconds } }, @{ n = 'M lines/s'; e = { '{0:N2}' -f $_.LinesPerSecond } },
    @{ n = 'CPU s'; e = { if ($null -ne $_.Cpu) { '{0:N2}' -f $_.Cpu } } }, @{ n = 'Peak MB'; e = { if ($null -ne $_.PeakMB) { '{0:N0}' -f $_.PeakMB } } } -AutoSize |
    Out-String -Width 220 | Write-Host
Write-Host ("Peak memory of a pwsh that only imports the module: {0:N0} MB. CPU s: this pwsh's CPU time in the median run (CPU / wall = cores kept busy)." -f $memIdle)

Write-Host "`nGoals ($Lines lines = 1x, $([Math]::Round($bytes / 1MB)) MB gzipped; ratios of medians of the same run)" -ForegroundColor Cyan
$x1 = $t['1x, 1 file']; $x4m = $t['4x, 1 file of 4 gzip members']; $x4f = $t['4x, 4 files']
$checks = [Collections.Generic.List[object]]::new()
function Add-Check([string] $Goal, [double] $Value, [bool] $Met, [string] $Figures) {
    $checks.Add([pscustomobject]@{ Goal = $Goal; Value = [Math]::Round($Value, 2); Met = if ($Met) { 'yes' } else { 'NO' }; Figures = $Figures })
}
$r = $x1.warm.Wall / $x1.floor.Wall
Add-Check 'warm, 1 file: Measure / inflate floor <= 1.10' $r ($r -le 1.10) ('{0:N2} s / {1:N2} s' -f $x1.warm.Wall, $x1.floor.Wall)
$r = $x1.cold.First / $x1.warm.Wall
Add-Check 'cold, 1 file: first call of a new pwsh / warm <= 1.15' $r ($r -le 1.15) ('{0:N2} s / {1:N2} s' -f $x1.cold.First, $x1.warm.Wall)
$r = $x4f.warm.Cpu / $x4f.warm.Wall
Add-Check "4 files: cores kept busy (CPU / wall) >= $([Math]::Min(2, [Environment]::ProcessorCount) * 0.9)" $r ($r -ge [Math]::Min(2, [Environment]::ProcessorCount) * 0.9) ('{0:N2} CPU s / {1:N2} s' -f $x4f.warm.Cpu, $x4f.warm.Wall)
$peakMax = [Math]::Max($x1.cold.PeakMB, [Math]::Max($x4m.peak, $x4f.peak))
Add-Check 'memory: peak of the pwsh <= 150 MB at 1x and 4x' $peakMax ($peakMax -le 150) ('1x {0:N0} MB, 4x members {1:N0} MB, 4x files {2:N0} MB' -f $x1.cold.PeakMB, $x4m.peak, $x4f.peak)
if ($peers -contains 'chdb') {
    $r = $x1.warm.Wall / $x1.chdb.warm
    Add-Check 'warm, 1 file: Measure / chDB <= 0.90' $r ($r -le 0.90) ('{0:N2} s / {1:N2} s' -f $x1.warm.Wall, $x1.chdb.warm)
    $r = $x4f.chdb.warm / $x4f.warm.Wall
    Add-Check '4 files: chDB / Measure >= 1.3 (faster)' $r ($r -ge 1.3) ('{0:N2} s / {1:N2} s' -f $x4f.chdb.warm, $x4f.warm.Wall)
    $r = $x4m.chdb.warm / $x4m.warm.Wall
    Add-Check '1 file of 4 members: chDB / Measure (faster when > 1)' $r ($r -gt 1) ('{0:N2} s / {1:N2} s' -f $x4m.chdb.warm, $x4m.warm.Wall)
    $r = $x1.cold.First / $x1.chdb.first
    Add-Check 'cold, 1 file: first call / chDB first query <= 1' $r ($r -le 1) ('{0:N2} s / {1:N2} s' -f $x1.cold.First, $x1.chdb.first)
    $r = $x1.cold.OneShot / $x1.chdb.oneShot
    Add-Check 'one-shot from a shell: pwsh / node+chDB (faster when <= 1)' $r ($r -le 1) ('{0:N2} s / {1:N2} s' -f $x1.cold.OneShot, $x1.chdb.oneShot)
}
if ($peers -contains 'duckdb') {
    $r = $x1.duckdb.warm / $x1.warm.Wall
    Add-Check 'warm, 1 file: DuckDB / Measure (faster when > 1)' $r ($r -gt 1) ('{0:N2} s / {1:N2} s' -f $x1.duckdb.warm, $x1.warm.Wall)
    $r = $x1.duckdb.first / $x1.cold.First
    Add-Check 'cold, 1 file: DuckDB first query / our first call (faster when > 1)' $r ($r -gt 1) ('{0:N2} s / {1:N2} s' -f $x1.duckdb.first, $x1.cold.First)
}
$r = $measureByLb.Wall / $measureMany.Wall
Add-Check "$Files files: -By LoadBalancer / -By Status <= 1.15" $r ($r -le 1.15) ('{0:N2} s / {1:N2} s' -f $measureByLb.Wall, $measureMany.Wall)
if ($hasGzip) {
    $r = $gzipOne.Wall / $x1.warm.Wall
    Add-Check '1 file: gzip -dc alone / Measure (faster when > 1)' $r ($r -gt 1) ('{0:N2} s / {1:N2} s' -f $gzipOne.Wall, $x1.warm.Wall)
    $r = $awkOne.Wall / $x1.warm.Wall
    Add-Check '1 file: awk pipeline / Measure >= 4' $r ($r -ge 4) ('{0:N2} s / {1:N2} s' -f $awkOne.Wall, $x1.warm.Wall)
}
$checks | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
if ($peers -contains 'chdb') {
    # What the 4-file goal needs of this machine: no reader inflates faster than the runtime's zlib, so
    # the floor's CPU time over the cores is the least wall time any reader of these files can take.
    $cores = [Math]::Min(4, [Environment]::ProcessorCount)
    $least = $x4f.floor.Cpu / $cores
    Write-Host ("4 files: inflating alone takes {0:N2} CPU s, so no reader here finishes under {1:N2} s on {2} cores; 1.3x faster than chDB means {3:N2} s, which leaves {4:N2} CPU s for all the rest (we spend {5:N2})." -f
        $x4f.floor.Cpu, $least, $cores, ($x4f.chdb.warm / 1.3), [Math]::Max(0, ($x4f.chdb.warm / 1.3) * $cores - $x4f.floor.Cpu), ($x4f.warm.Cpu - $x4f.floor.Cpu))
}
if ($peerNote) { Write-Host $peerNote }
Write-Host "Load average at the end: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3) on $([Environment]::ProcessorCount) cores. Wall-clock ratios mean little when the load is above the core count."
