<#
.SYNOPSIS
    Runs the Pester suite against the built module; build.ps1 starts it in a fresh pwsh.
    Writes {"Passed":N,"Failed":N,"Skipped":N} to -ResultFile for build.ps1's closing line.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $TestsPath,
    [Parameter(Mandatory)] [string] $ResultFile,
    # The packages of build.ps1 -Task Package, for the install tests (they are skipped without it).
    [string] $PackageDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# The test files import the module from here, never from source.
$env:ALBTROUBLESHOOT_MANIFEST = $ModuleManifest
$env:ALBTROUBLESHOOT_PACKAGES = $PackageDirectory

$config = New-PesterConfiguration
$config.Run.Path = $TestsPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config
[ordered]@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
exit ([int]($result.Result -ne 'Passed'))
