<#
.SYNOPSIS
    The fuzzing task of `build.ps1 -Task Fuzz`: SharpFuzz + AFL++ on the engine's readers.
.DESCRIPTION
    Builds tests/AlbTroubleshoot.Fuzz into out/fuzz/bin, adds SharpFuzz's coverage probes to the copy of
    AlbTroubleshoot.Core.dll there (never to the module's own build), then runs afl-fuzz on each target
    in turn for -Seconds, at the lowest CPU priority:
      accesslog  plain access-log text: line splitting, the tokenizer, field checks, entry building
      gzip       gzip files: member headers, deflate data, trailers, then the chunked line reader
      json       the JSON reader, against System.Text.Json on the same bytes, and write/read-back
      snapshot   JSON -> SnapshotDocument -> model, and export/read-back
    Seeds come from tests/AlbTroubleshoot.Fuzz/Seeds/<target>. AFL++ keeps its queue in
    out/fuzz/<target> and resumes from it on the next run. Every crash (and hang) is copied to
    out/fuzz/crashes/<target> and replayed once outside AFL++ to print what it threw; a crash fails the
    task. A crash becomes a regression test as a file in tests/AlbTroubleshoot.Core.Tests/TestData/fuzz/<target>/.
    Installs Debian's afl++ with apt-get when afl-fuzz is missing.
#>
[CmdletBinding()]
param(
    [int] $Seconds = 600,
    [ValidateSet('accesslog', 'gzip', 'json', 'snapshot')]
    [string[]] $Target = @('accesslog', 'gzip', 'json', 'snapshot'),
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$root = Split-Path $PSScriptRoot -Parent
$fuzzRoot = Join-Path $root 'out/fuzz'

if (-not (Get-Command afl-fuzz -ErrorAction Ignore) -and (Get-Command apt-get -ErrorAction Ignore)) {
    Write-Host 'Installing afl++ (Debian package) ...' -ForegroundColor DarkGray
    & apt-get update -qq
    & apt-get install -y -qq afl++
}
if (-not (Get-Command afl-fuzz -ErrorAction Ignore)) {
    throw 'afl-fuzz is not installed: install the Debian package afl++ (apt-get install afl++) and run the task again.'
}

Write-Host 'Building the fuzz targets' -ForegroundColor Cyan
$buildDir = Join-Path $fuzzRoot 'build'
$binDir = Join-Path $fuzzRoot 'bin'
& dotnet build (Join-Path $root 'tests/AlbTroubleshoot.Fuzz/AlbTroubleshoot.Fuzz.csproj') -c $Configuration -nologo -v quiet -o $buildDir
if ($LASTEXITCODE -ne 0) { throw "dotnet build of the fuzz project failed (exit code $LASTEXITCODE)." }
# Instrument a fresh copy: SharpFuzz rewrites the assembly in place, and only once.
if (Test-Path $binDir) { Remove-Item $binDir -Recurse -Force }
Copy-Item $buildDir $binDir -Recurse
$harness = Join-Path $binDir 'AlbTroubleshoot.Fuzz.dll'
& dotnet $harness instrument (Join-Path $binDir 'AlbTroubleshoot.Core.dll')
if ($LASTEXITCODE -ne 0) { throw "SharpFuzz instrumentation failed (exit code $LASTEXITCODE)." }

function Read-FuzzerStats([string] $Path) {
    $stats = @{}
    if (Test-Path $Path) {
        foreach ($line in Get-Content $Path) {
            $key, $value = $line -split '\s*:\s*', 2
            $stats[$key.Trim()] = $value
        }
    }
    $stats
}

# AFL++ settings for a managed target on a shared machine: the binary carries no native
# instrumentation (SharpFuzz reports coverage), no core binding, no curses screen.
$aflEnv = @{
    AFL_SKIP_BIN_CHECK                       = '1'
    AFL_NO_AFFINITY                          = '1'
    AFL_NO_UI                                = '1'
    AFL_AUTORESUME                           = '1'
    AFL_SKIP_CPUFREQ                         = '1'
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES    = '1'
    AFL_FORKSRV_INIT_TMOUT                   = '60000'
}
$saved = @{}
foreach ($k in $aflEnv.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $aflEnv[$k]) }

$summary = @()
$crashed = $false
try {
    foreach ($t in $Target) {
        $seeds = Join-Path $root "tests/AlbTroubleshoot.Fuzz/Seeds/$t"
        $findings = Join-Path $fuzzRoot $t
        $log = Join-Path $fuzzRoot "$t.log"
        $null = New-Item -ItemType Directory -Path $findings -Force
        Write-Host "Fuzzing '$t' for $Seconds s (log: $log)" -ForegroundColor Cyan
        # -t: a .NET exception unwinds slowly the first time; 10 s per input still catches real hangs.
        & nice -n 19 afl-fuzz -i $seeds -o $findings -V $Seconds -t 10000 -m none -- dotnet $harness $t *> $log
        $aflExit = $LASTEXITCODE
        $stats = Read-FuzzerStats (Join-Path $findings 'default/fuzzer_stats')
        if (-not $stats.ContainsKey('execs_done')) {
            Get-Content $log -Tail 30 | Write-Host
            throw "afl-fuzz did not run target '$t' (exit code $aflExit); its output is in $log."
        }
        $crashDir = Join-Path $fuzzRoot "crashes/$t"
        $inputs = @(Get-ChildItem (Join-Path $findings 'default/crashes'), (Join-Path $findings 'default/hangs') -File -ErrorAction Ignore |
                Where-Object Name -NE 'README.txt')
        if ($inputs) {
            $crashed = $true
            $null = New-Item -ItemType Directory -Path $crashDir -Force
            foreach ($i in $inputs) { Copy-Item $i.FullName (Join-Path $crashDir ($i.Directory.Name + '-' + ($i.Name -replace '[^A-Za-z0-9._-]', '_'))) }
            # Replayed with the engine as built: the instrumented copy expects AFL++'s shared memory.
            Write-Host "Replaying the crashes of '$t' outside AFL++:" -ForegroundColor Yellow
            & dotnet (Join-Path $buildDir 'AlbTroubleshoot.Fuzz.dll') replay $t @($inputs.FullName) | Write-Host
        }
        $summary += [pscustomobject]@{
            Target     = $t
            Seconds    = [int]$stats['run_time']
            Executions = [long]$stats['execs_done']
            PerSecond  = [double]$stats['execs_per_sec']
            Corpus     = [int]$stats['corpus_count']
            Edges      = $stats['edges_found']
            Crashes    = [int]$stats['saved_crashes']
            Hangs      = [int]$stats['saved_hangs']
        }
    }
}
finally {
    foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
}

# run_time and execs_done are AFL++'s totals for the target's queue, over every run resumed into it.
$summary | Format-Table -AutoSize | Out-String | Write-Host
if ($crashed) {
    throw "Fuzzing found crashes or hangs: see out/fuzz/crashes/ and the replays above. Make each a regression test: copy it to tests/AlbTroubleshoot.Core.Tests/TestData/fuzz/<target>/ under a name that says what it found (FuzzRegressionTests replays them), then fix it."
}
