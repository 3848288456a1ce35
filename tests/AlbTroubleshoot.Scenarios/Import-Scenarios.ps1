<#
.SYNOPSIS
    Loads the scenario tooling (AlbTroubleshoot.Scenarios.dll: the scenario builder, the access-log and
    snapshot generators) into this PowerShell session, building it first when it is missing or older
    than its sources.
.DESCRIPTION
    The tooling is never part of the module. It runs against the engine already loaded (import the
    module first when the session uses it: the tooling's build for the same framework is picked); with
    no engine loaded, the engine from the tooling's own build folder is loaded with it.
.EXAMPLE
    & ./tests/AlbTroubleshoot.Scenarios/Import-Scenarios.ps1
    [AlbTroubleshoot.Scenarios.AccessLogGenerator]::WriteGzipFiles('./out/logs', 1000, 1, 42)
#>
[CmdletBinding()]
param([ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release')
$ErrorActionPreference = 'Stop'

$loaded = [AppDomain]::CurrentDomain.GetAssemblies()
if ($loaded.Where({ $_.GetName().Name -eq 'AlbTroubleshoot.Scenarios' })) { return }
$engine = $loaded.Where({ $_.GetName().Name -eq 'AlbTroubleshoot.Core' }, 'First')
# The engine's netstandard2.0 build (Windows PowerShell 5.1) pairs with the tooling's; net8.0 with net8.0.
$framework = if ($PSVersionTable.PSEdition -eq 'Core' -and [Environment]::Version.Major -ge 8 -and
    -not ($engine -and $engine[0].Location -match '[\\/]netstandard2\.0[\\/]')) { 'net8.0' } else { 'netstandard2.0' }
$project = Join-Path $PSScriptRoot 'AlbTroubleshoot.Scenarios.csproj'
$bin = Join-Path $PSScriptRoot "bin/$Configuration/$framework"
$dll = Join-Path $bin 'AlbTroubleshoot.Scenarios.dll'
# Stale when a source is newer than what was built from it (the engine's copy beside the tooling counts
# only when that copy is the one loaded).
function Test-Stale([string] $Built, [string] $Sources) {
    if (-not (Test-Path -LiteralPath $Built)) { return $true }
    $time = (Get-Item -LiteralPath $Built).LastWriteTimeUtc
    [bool](Get-ChildItem -LiteralPath $Sources -Recurse -Include *.cs, *.csproj, *.txt |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $time } | Select-Object -First 1)
}
if ((Test-Stale $dll $PSScriptRoot) -or (-not $engine -and (Test-Stale (Join-Path $bin 'AlbTroubleshoot.Core.dll') (Join-Path $PSScriptRoot '../../src/AlbTroubleshoot.Core')))) {
    Write-Verbose "Building $project ($Configuration, $framework)"
    & dotnet build $project -c $Configuration -f $framework -nologo -v quiet | Write-Verbose
    if ($LASTEXITCODE -ne 0) { throw "The build of $project failed (exit code $LASTEXITCODE)." }
}
if (-not $engine) { Add-Type -LiteralPath (Join-Path $bin 'AlbTroubleshoot.Core.dll') }
Add-Type -LiteralPath $dll
