<#
.SYNOPSIS
    Packs the built module for the runbook platforms: AlbTroubleshoot.zip for Azure Automation and
    alb-diagnosis.zip, the attachment of the Systems Manager Automation document.
.DESCRIPTION
    Azure Automation imports a module from a .zip whose name, top folder and manifest share one name:
    AlbTroubleshoot.zip -> AlbTroubleshoot/AlbTroubleshoot.psd1 (no version folder).
    aws:executeScript takes PowerShell only from a .zip attachment: alb-diagnosis.zip holds the same
    AlbTroubleshoot/ folder and Invoke-AlbRunbook.ps1 at its root, and Invoke-AlbProbeRunbook.ps1, which the
    Run Command document AlbProbe-RunCommand.yaml downloads to probe targets from an instance.
    Entries are written with "/" separators so that the archives extract the same on Linux and Windows.
.PARAMETER ModuleDirectory
    The built module folder, out/AlbTroubleshoot/<version> after `./build.ps1 -Task Build`.
.PARAMETER OutputDirectory
    Where to write the two archives.
.EXAMPLE
    ./samples/runbooks/New-AlbRunbookPackage.ps1 -ModuleDirectory out/AlbTroubleshoot/0.1.0 -OutputDirectory out/runbooks
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleDirectory,
    [Parameter(Mandatory = $true)] [string] $OutputDirectory
)
$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

$moduleRoot = (Resolve-Path -LiteralPath $ModuleDirectory).ProviderPath
if (-not (Test-Path -LiteralPath (Join-Path $moduleRoot 'AlbTroubleshoot.psd1'))) {
    throw "$moduleRoot holds no AlbTroubleshoot.psd1: build the module first (./build.ps1 -Task Build)."
}
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force
$output = (Resolve-Path -LiteralPath $OutputDirectory).ProviderPath

function New-Zip([string] $Path, [hashtable] $Entries) {
    # $Entries: entry name in the archive -> file on disk.
    if (Test-Path -LiteralPath $Path) { Remove-Item -LiteralPath $Path }
    $zip = [IO.Compression.ZipFile]::Open($Path, [IO.Compression.ZipArchiveMode]::Create)
    try {
        foreach ($name in ($Entries.Keys | Sort-Object)) {
            $null = [IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $Entries[$name], $name)
        }
    }
    finally { $zip.Dispose() }
    Get-Item -LiteralPath $Path
}

$moduleEntries = @{}
foreach ($file in Get-ChildItem -LiteralPath $moduleRoot -Recurse -File) {
    $relative = $file.FullName.Substring($moduleRoot.Length).TrimStart('\', '/') -replace '\\', '/'
    $moduleEntries["AlbTroubleshoot/$relative"] = $file.FullName
}
New-Zip (Join-Path $output 'AlbTroubleshoot.zip') $moduleEntries

$attachment = $moduleEntries.Clone()
$attachment['Invoke-AlbRunbook.ps1'] = Join-Path $PSScriptRoot 'Invoke-AlbRunbook.ps1'
$attachment['Invoke-AlbProbeRunbook.ps1'] = Join-Path $PSScriptRoot 'Invoke-AlbProbeRunbook.ps1'
New-Zip (Join-Path $output 'alb-diagnosis.zip') $attachment
