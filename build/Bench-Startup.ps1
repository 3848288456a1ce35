<#
.SYNOPSIS
    The start-up benchmark of `build.ps1 -Task Bench`: what importing the module and its first calls
    cost a new session (what a runbook pays), as ratios to figures measured in the same run.
.DESCRIPTION
    Import: a bare `pwsh -NoProfile -c exit` and the same with `Import-Module`, alternated, -Runs each;
    the medians, their difference and their ratio (goal: at most 100 ms over bare pwsh). For the
    manifest also against a pwsh that prints one object: loading a format file (FormatsToProcess)
    builds PowerShell's whole formatting database, which a bare `exit` never does but every session
    that prints anything does, so that second figure is what the import adds to a real session.
    First calls: in a new pwsh per run, the first and then a second (warm) call of
      Measure-AlbAccessLog -Path samples/logs
      Invoke-AlbDiagnosis -Snapshot samples/502-target-sg.json -StatusCode 502
    and the methods the JIT compiled during the first call ([System.Runtime.JitInfo]; a precompiled
    build leaves it few). Each -Module is measured the same way: by default the manifest (the build
    this PowerShell picks: net8.0, precompiled for its runtime where the module has that), then the
    portable net8.0 build and the netstandard2.0 build force-loaded, so the run shows what the
    precompiled build saves.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [string[]] $Module,
    [int] $Runs = 7
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
if (-not $Module) {
    $Module = @($ModuleManifest)
    foreach ($build in 'net8.0', 'netstandard2.0') {
        $dll = Join-Path (Split-Path $ModuleManifest) "$build/AlbTroubleshoot.dll"
        if (Test-Path $dll) { $Module += $dll }
    }
}

function Invoke-Pwsh([string] $Command) {
    $exe = [Environment]::ProcessPath
    $pwshArgs = @('-NoProfile', '-NonInteractive', '-Command', $Command)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $pwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) + $pwshArgs }
    $output = & $exe @pwshArgs
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed (exit code $LASTEXITCODE): $output" }
    $output
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)]
}

function Measure-Start([string] $Command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $null = Invoke-Pwsh $Command
    $sw.Elapsed.TotalMilliseconds
}

$null = Invoke-Pwsh 'exit'   # warm the file cache before anything is timed
$calls = [ordered]@{
    'Measure-AlbAccessLog' = "Measure-AlbAccessLog -Path '$root/samples/logs'"
    'Invoke-AlbDiagnosis'  = "Invoke-AlbDiagnosis -Snapshot '$root/samples/502-target-sg.json' -StatusCode 502"
}
function Measure-Import([string] $Module, [string] $Then, [string] $Label) {
    $bare = [Collections.Generic.List[double]]::new()
    $with = [Collections.Generic.List[double]]::new()
    foreach ($i in 1..$Runs) {
        # Alternated, so a burst of load on the shared machine falls on both sides.
        $bare.Add((Measure-Start $Then))
        $with.Add((Measure-Start "Import-Module '$Module'; $Then"))
    }
    $b = Get-Median $bare; $w = Get-Median $with
    [pscustomobject]@{ Module = $Module; What = $Label; Cold = $w - $b; Warm = $null; Ratio = $w / $b; Jitted = $null; Note = "pwsh {0:N0} ms without, {1:N0} ms with the import (medians of $Runs)" -f $b, $w }
}

$rows = foreach ($m in $Module) {
    $import = "Import-Module '$m'"
    Measure-Import $m 'exit' 'Import-Module'
    if ($m -eq $ModuleManifest) { Measure-Import $m '$null = Get-Item / | Out-String' 'Import-Module, printing' }

    foreach ($name in $calls.Keys) {
        $probe = "$import; `$call = { `$null = $($calls[$name]) }; " +
            '$j0 = [System.Runtime.JitInfo]::GetCompiledMethodCount($false); $sw = [Diagnostics.Stopwatch]::StartNew(); & $call; $cold = $sw.Elapsed.TotalMilliseconds; ' +
            '$jitted = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $j0; $sw.Restart(); & $call; $warm = $sw.Elapsed.TotalMilliseconds; ' +
            '"$cold $warm $jitted"'
        $cold = [Collections.Generic.List[double]]::new(); $warm = [Collections.Generic.List[double]]::new(); $jit = [Collections.Generic.List[double]]::new()
        foreach ($i in 1..$Runs) {
            $c, $w2, $j = (Invoke-Pwsh $probe | Select-Object -Last 1) -split ' '
            $cold.Add([double]$c); $warm.Add([double]$w2); $jit.Add([double]$j)
        }
        $c = Get-Median $cold; $w2 = Get-Median $warm
        [pscustomobject]@{ Module = $m; What = $name; Cold = $c; Warm = $w2; Ratio = $c / $w2; Jitted = Get-Median $jit; Note = 'first call in a new session; Ratio = cold / warm' }
    }
}

$rows | Format-Table @{ n = 'Module'; e = { $_.Module.Substring($root.Length + 1) } }, What,
    @{ n = 'Cold ms'; e = { '{0:N0}' -f $_.Cold } }, @{ n = 'Warm ms'; e = { if ($null -ne $_.Warm) { '{0:N1}' -f $_.Warm } } },
    @{ n = 'Ratio'; e = { '{0:N2}' -f $_.Ratio } }, @{ n = 'JIT methods'; e = { $_.Jitted } }, Note -AutoSize -Wrap | Out-String -Width 200 | Write-Host
foreach ($importRow in $rows | Where-Object { $_.Module -eq $ModuleManifest -and $_.What -like 'Import-Module*' }) {
    $verdict = if ($importRow.Cold -le 100) { 'met' } else { 'NOT met' }
    Write-Host ("{0}: {1:N0} ms over pwsh without it, {2:N2}x (goal: at most 100 ms over): {3}" -f $importRow.What, $importRow.Cold, $importRow.Ratio, $verdict)
}
