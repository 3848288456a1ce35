<#
.SYNOPSIS
    Regenerates samples/logs/: the small ALB access log the help examples and the Demo task read.
.DESCRIPTION
    Deterministic (seed 42): the same lines every time. A unit test checks the committed files hold
    exactly the generator's lines, so run this after changing AccessLogGenerator.
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
& (Join-Path $PSScriptRoot '../tests/AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')
$folder = Join-Path $PSScriptRoot '../samples/logs'
Get-ChildItem $folder -Filter *.log.gz -ErrorAction SilentlyContinue | Remove-Item
[AlbTroubleshoot.Scenarios.AccessLogGenerator]::WriteGzipFiles($folder, 3000, 2, 42, 200)
