#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates AlbTroubleshoot.
.DESCRIPTION
    Tasks:
      Build  compile both assemblies and lay out out/AlbTroubleshoot/<version>/ (manifest, DLLs, format
             file, compiled help).
      Test   Build, then the xunit engine tests, then Pester against the built module in a fresh pwsh.
             Ends with one line "N passed, N failed"; exits non-zero on any failure.
      Demo   Build, then show the module's main job on data it ships (no AWS account needed).
      Docs   Build, then regenerate docs/error-codes.md from the cause catalog.
      Clean  remove out/ and the bin/obj folders.
      Bench  Build, then two benchmarks, each as ratios against a baseline measured in the same run:
             the path analysis (build/Bench-Reachability.ps1: 250 to 2,000 targets x 2 purposes x 3 ALB
             subnets offline, ratios to the smallest size) and the access logs (build/Bench.ps1:
             Measure-AlbAccessLog on 2M generated lines against .NET decompression alone, gzip -dc and
             gzip -dc | awk; data cached in out/bench).
    Set up once on a fresh machine with: dotnet tool restore
    then run: dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Docs', 'Clean', 'Bench')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$Root = $PSScriptRoot
$Version = ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
$ModuleDir = Join-Path $Root "out/AlbTroubleshoot/$Version"
$ModuleManifest = Join-Path $ModuleDir 'AlbTroubleshoot.psd1'
$ResultsDir = Join-Path $Root 'out/TestResults'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Invoke-FreshPwsh {
    # A new pwsh process: tests and help compilation never run in the build's own session.
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $exe = [Environment]::ProcessPath
    $pwshArgs = @('-NoProfile', '-NonInteractive') + $Arguments
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        & $exe (Join-Path $PSHOME 'pwsh.dll') @pwshArgs   # pwsh as a dotnet tool
    }
    else {
        & $exe @pwshArgs
    }
}

function Get-NuGetPackagePath([string] $Id, [string] $PackageVersion) {
    $globalPackages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $path = Join-Path $globalPackages.Trim() "$($Id.ToLowerInvariant())/$PackageVersion"
    if (-not (Test-Path $path)) { throw "NuGet package $Id $PackageVersion was not restored to $path." }
    $path
}

function Invoke-Build {
    Write-Host "Building AlbTroubleshoot $Version ($Configuration)" -ForegroundColor Cyan
    $project = Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.csproj'
    Invoke-Native 'dotnet build' { dotnet build $project -c $Configuration -nologo -v quiet }
    $bin = Join-Path $Root "src/AlbTroubleshoot/bin/$Configuration/netstandard2.0"

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleDir
    $files = @(
        @{ From = Join-Path $bin 'AlbTroubleshoot.dll' }
        @{ From = Join-Path $bin 'AlbTroubleshoot.Core.dll' }
        @{ From = Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.Format.ps1xml' }
        @{ From = Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.Types.ps1xml' }
    )
    foreach ($f in $files) {
        if (-not (Test-Path $f.From)) { throw "Build output is missing $($f.From)." }
        Copy-Item $f.From $ModuleDir
    }
    $manifest = Get-Content -Raw (Join-Path $Root 'AlbTroubleshoot.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$Version'"
    Set-Content -Path $ModuleManifest -Value $manifest -NoNewline -Encoding utf8

    $helpDir = Join-Path $ModuleDir 'en-US'
    Invoke-Native 'Help compilation' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/ConvertTo-MamlHelp.ps1') -ModuleManifest $ModuleManifest `
            -SourceDirectory (Join-Path $Root 'docs/cmdlets') -OutputFile (Join-Path $helpDir 'AlbTroubleshoot.dll-Help.xml')
    }
    Copy-Item (Join-Path $Root 'docs/about_AlbTroubleshoot.md') (Join-Path $helpDir 'about_AlbTroubleshoot.help.txt')
    Write-Host "Module laid out in $ModuleDir" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsDir

    Write-Host 'Engine tests (xunit)' -ForegroundColor Cyan
    $trx = Join-Path $ResultsDir 'core.trx'
    dotnet test (Join-Path $Root 'tests/AlbTroubleshoot.Core.Tests') -c $Configuration -nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    if (-not (Test-Path $trx)) { throw "dotnet test wrote no results (exit code $xunitExit); see the output above." }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    $xunitPassed = [int]$counters.passed
    $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 }

    Write-Host 'Module tests (Pester, fresh pwsh, built module)' -ForegroundColor Cyan
    $pester = Join-Path (Get-NuGetPackagePath 'Pester' (Get-PesterVersion)) 'tools/Pester.psd1'
    $pesterResult = Join-Path $ResultsDir 'pester.json'
    Invoke-FreshPwsh -File (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') -PesterPath $pester `
        -ModuleManifest $ModuleManifest -TestsPath (Join-Path $Root 'tests/Pester') -ResultFile $pesterResult
    $pesterExit = $LASTEXITCODE
    $pesterPassed = 0; $pesterFailed = 1
    if (Test-Path $pesterResult) {
        $r = Get-Content -Raw $pesterResult | ConvertFrom-Json
        $pesterPassed = $r.Passed; $pesterFailed = $r.Failed
        if ($pesterExit -ne 0 -and $pesterFailed -eq 0) { $pesterFailed = 1 }
    }

    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Get-PesterVersion {
    ([xml](Get-Content -Raw (Join-Path $Root 'tools/tools.csproj'))).Project.ItemGroup.PackageDownload |
        Where-Object Include -EQ 'Pester' | ForEach-Object { $_.Version.Trim('[', ']') }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Native 'Demo' { Invoke-FreshPwsh -File (Join-Path $Root 'build/Demo.ps1') -ModuleManifest $ModuleManifest }
}

function Invoke-Docs {
    Invoke-Build
    $target = Join-Path $Root 'docs/error-codes.md'
    Invoke-Native 'Docs' {
        Invoke-FreshPwsh -Command "Import-Module '$ModuleManifest'; [IO.File]::WriteAllText('$target', [AlbTroubleshoot.Catalog.CatalogDocument]::RenderMarkdown(), [Text.UTF8Encoding]::new(`$false))"
    }
    Write-Host "Wrote $target" -ForegroundColor Green
}

function Invoke-Bench {
    Invoke-Build
    Write-Host 'Benchmark: path analysis' -ForegroundColor Cyan
    Invoke-Native 'Reachability benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Reachability.ps1') -ModuleManifest $ModuleManifest
    }
    Write-Host 'Benchmark: access logs' -ForegroundColor Cyan
    Invoke-Native 'Access-log benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench.ps1') -ModuleManifest $ModuleManifest -WorkDirectory (Join-Path $Root 'out/bench')
    }
}

# Tools the build needs beyond the SDK: Pester, at the version tools/tools.csproj pins.
Invoke-Native 'Restore of build tools' { dotnet restore (Join-Path $Root 'tools/tools.csproj') -nologo -v quiet }

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Docs' { Invoke-Docs }
        'Bench' { Invoke-Bench }
        'Clean' {
            foreach ($d in @('out') + (Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj).FullName) {
                $p = if ([IO.Path]::IsPathRooted($d)) { $d } else { Join-Path $Root $d }
                if (Test-Path $p) { Remove-Item $p -Recurse -Force }
            }
        }
    }
}
