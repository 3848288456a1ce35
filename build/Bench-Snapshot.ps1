<#
.SYNOPSIS
    The snapshot-memory benchmark of `build.ps1 -Task Bench`: how much memory reading a large
    snapshot file takes, as a ratio to the file's size.
.DESCRIPTION
    Generates (once, cached under -WorkDirectory; delete it after changing SnapshotGenerator) a snapshot
    of about -SizeMB MB with SnapshotGenerator (scenario tooling, tests/AlbTroubleshoot.Scenarios): the resources of samples/healthy.json copied over and
    over, IDs and host addresses made unique per copy, as in one big account; written indented, as
    Export-AlbSnapshot writes files.

    Then, each in a fresh pwsh, measures the growth of the peak working set over the working set just
    before the read (the module imported and warmed up on a small snapshot), divided by the file size:
      Get-AlbSnapshot   Get-AlbSnapshot -Path <file>, the snapshot kept in a variable (document and model)
      JsonDocument      System.Text.Json's JsonDocument.Parse of the same file (the compact reader that
                        ships with PowerShell 7, for scale; not usable by the module, which ships no library)
    and, for Get-AlbSnapshot, the managed memory still held after a full collection (what the
    snapshot costs for as long as it is kept). The issue's target is a peak ratio of 3 or less.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [int] $SizeMB = 200
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$WorkDirectory = [IO.Path]::GetFullPath($WorkDirectory)

$root = Split-Path $PSScriptRoot -Parent
$sample = Join-Path $root 'samples/healthy.json'
$null = New-Item -ItemType Directory -Path $WorkDirectory -Force
$file = Join-Path $WorkDirectory "snapshot-$SizeMB.json"

if (-not (Test-Path $file)) {
    Write-Host "Generating a $SizeMB MB snapshot in $file ..." -ForegroundColor DarkGray
    Import-Module $ModuleManifest -Force
    & (Join-Path $root 'tests/AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')
    $copies = [AlbTroubleshoot.Scenarios.SnapshotGenerator]::WriteLarge($sample, $file, $SizeMB * 1MB)
    Write-Host "  $copies copies of the sample's resources" -ForegroundColor DarkGray
}
$size = (Get-Item $file).Length

function Measure-Peak([string] $Read) {
    # A child pwsh: warm up (import, JIT) on the small sample, then the peak working set's growth over the
    # working set just before the read, and the managed memory still held after a full collection.
    $command = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$null = Get-AlbSnapshot -Path '$sample'
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
`$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh()
`$before = `$p.WorkingSet64; `$heapBefore = [GC]::GetTotalMemory(`$true)
`$kept = $Read
`$p.Refresh()
`$peak = `$p.PeakWorkingSet64
`$held = [GC]::GetTotalMemory(`$true) - `$heapBefore
[GC]::KeepAlive(`$kept)
"`$(`$peak - `$before) `$held"
"@
    $exe = [Environment]::ProcessPath
    $pwshArgs = @('-NoProfile', '-NonInteractive', '-Command', $command)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $pwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) + $pwshArgs }
    $out = & $exe @pwshArgs | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or $out -notmatch '^\d+ -?\d+$') { throw "The measuring pwsh failed: $out" }
    $growth, $held = $out -split ' '
    [pscustomobject]@{ Growth = [long]$growth; Held = [long]$held }
}

$ours = Measure-Peak "Get-AlbSnapshot -Path '$file'"
$stj = Measure-Peak "[Text.Json.JsonDocument]::Parse([ReadOnlyMemory[byte]][IO.File]::ReadAllBytes('$file'), [Text.Json.JsonDocumentOptions]::new())"

$mb = { param($b) '{0,7:N0} MB' -f ($b / 1MB) }
Write-Host ("Snapshot file: {0} ({1:N0} bytes)" -f (& $mb $size).Trim(), $size)
Write-Host ("  Get-AlbSnapshot  peak growth {0}  = {1,5:N2} x the file   (held after GC: {2} = {3:N2} x)" -f (& $mb $ours.Growth), ($ours.Growth / $size), (& $mb $ours.Held).Trim(), ($ours.Held / $size))
Write-Host ("  JsonDocument     peak growth {0}  = {1,5:N2} x the file" -f (& $mb $stj.Growth), ($stj.Growth / $size))
$ratio = $ours.Growth / $size
$verdict = if ($ratio -le 3) { 'within' } else { 'over' }
Write-Host ("Snapshot memory: {0:N2} x the file size, {1} the target of 3 x" -f $ratio, $verdict) -ForegroundColor $(if ($ratio -le 3) { 'Green' } else { 'Yellow' })
