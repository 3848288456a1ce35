#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates AlbTroubleshoot.
.DESCRIPTION
    Tasks:
      Build  compile both assemblies for netstandard2.0 (Windows PowerShell 5.1) and net8.0 (PowerShell
             7.4+), precompile the net8.0 build (ReadyToRun) and lay out out/AlbTroubleshoot/<version>/
             (manifest and loader, the builds, format file, compiled help, LICENSE).
      Package  Build, then out/package/: the .nupkg for Install-PSResource, AlbTroubleshoot.zip (Expand-Archive
             into a module folder; Azure Automation) and alb-diagnosis.zip (Systems Manager attachment).
      Test   Package, then the xunit engine tests on net10.0 (net8.0 engine) and net472 (netstandard2.0
             engine, under Mono off Windows) beside Pester against the built module in a fresh pwsh.
             Ends with one line "N passed, N failed"; exits non-zero on any failure.
      Demo   Build, then show the module's main job on data it ships (no AWS account needed).
      Docs   Build, then regenerate docs/error-codes.md from the cause catalog.
      Clean  remove out/ and the bin/obj folders.
      Bench  Build, then six benchmarks, each as ratios against a baseline measured in the same run:
             start-up (build/Bench-Startup.ps1: Import-Module against a bare pwsh start, and the first
             calls in a new session against warm ones, for each build), the path analysis (build/Bench-Reachability.ps1: 250 to 2,000 targets x 2 purposes x 3 ALB
             subnets offline, ratios to the smallest size), the access logs (build/Bench.ps1:
             Measure-AlbAccessLog warm and cold on 2M generated lines and 4x that, against .NET
             decompression alone, gzip -dc, gzip -dc | awk, and chDB and DuckDB from npm installed into
             out/bench/npm; data cached in out/bench), probing a fleet (build/Bench-Probe.ps1:
             Test-AlbTargetEndpoint on 100 loopback targets against one, ratio ~1 = one idle wait), the
             CloudWatch metrics (build/Bench-Metrics.ps1: GetMetricData calls for N load balancers x target
             groups, <= 1 per 500 queries; Invoke-AlbDiagnosis with a generated 24 h, 1-minute GetMetricData
             section against the same snapshot without it) and the
             memory of reading a large snapshot (build/Bench-Snapshot.ps1: a generated ~200 MB snapshot
             file, peak working set / file size), and a fleet (build/Bench-Fleet.ps1: -All's API calls for
             N ALBs in V VPCs on moto against 1 + 7N + 6V; offline diagnosis of 100 ALBs x 20 targets against 50).
      Fuzz   coverage-guided fuzzing with SharpFuzz and AFL++ (build/Invoke-Fuzz.ps1), one target after the
             other (or -Target): accesslog (line tokenizer), gzip (gzip member reader), json (JSON reader,
             against System.Text.Json), snapshot (JSON -> snapshot -> model), -Seconds each (600 by default).
             Seeds in tests/AlbTroubleshoot.Fuzz/Seeds; crashes copied to out/fuzz/crashes/<target>. Installs
             Debian's afl++ when missing (apt-get). Not part of Test or CI: it runs for as long as you give it.
    Set up once on a fresh machine with: dotnet tool restore
    then run: dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Docs', 'Clean', 'Bench', 'Fuzz')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Fuzz: how long to run each target, and which (all four by default).
    [ValidateRange(10, 604800)]
    [int] $Seconds = 600,

    [ValidateSet('accesslog', 'gzip', 'json', 'snapshot')]
    [string[]] $Target = @('accesslog', 'gzip', 'json', 'snapshot')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$Root = $PSScriptRoot
$Version = ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).SelectSingleNode('/Project/PropertyGroup/Version').InnerText
$ModuleDir = Join-Path $Root "out/AlbTroubleshoot/$Version"
$ModuleManifest = Join-Path $ModuleDir 'AlbTroubleshoot.psd1'
$ResultsDir = Join-Path $Root 'out/TestResults'
$PackageDir = Join-Path $Root 'out/package'
$GlobalPackages = $null   # the NuGet global packages folder, asked once (Get-NuGetPackagePath)

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
    if (-not $script:GlobalPackages) {
        $script:GlobalPackages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    }
    $path = Join-Path $script:GlobalPackages "$($Id.ToLowerInvariant())/$PackageVersion"
    if (-not (Test-Path $path)) { throw "NuGet package $Id $PackageVersion was not restored to $path." }
    $path
}

# The module's builds, each a folder of the module holding the same two assemblies (one source):
# netstandard2.0 for Windows PowerShell 5.1, net8.0 for PowerShell 7.4+. AlbTroubleshoot.psm1 picks one.
$Frameworks = 'netstandard2.0', 'net8.0'
$Assemblies = 'AlbTroubleshoot.dll', 'AlbTroubleshoot.Core.dll'
# The UI cultures the module has help in (docs/cmdlets/<culture>/ for each but en-US).
$HelpCultures = 'en-US', 'ja-JP'

function Invoke-Build {
    Write-Host "Building AlbTroubleshoot $Version ($Configuration)" -ForegroundColor Cyan
    $project = Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.csproj'
    Invoke-Native 'dotnet build' { dotnet build $project -c $Configuration -nologo -v quiet }
    # The scenario tooling (never shipped) that the benchmarks, the samples' script and the tests load.
    Invoke-Native 'dotnet build (scenario tooling)' { dotnet build (Join-Path $Root 'tests/AlbTroubleshoot.Scenarios') -c $Configuration -nologo -v quiet }
    $bin = Join-Path $Root "src/AlbTroubleshoot/bin/$Configuration"

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleDir
    $files = @(
        @{ From = Join-Path $Root 'AlbTroubleshoot.psm1'; To = '.' }
        @{ From = Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.Format.ps1xml'; To = '.' }
        @{ From = Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.Types.ps1xml'; To = '.' }
        @{ From = Join-Path $Root 'LICENSE'; To = '.' }
        foreach ($framework in $Frameworks) {
            foreach ($assembly in $Assemblies) { @{ From = Join-Path $bin "$framework/$assembly"; To = $framework } }
        }
    )
    foreach ($f in $files) {
        if (-not (Test-Path $f.From)) { throw "Build output is missing $($f.From)." }
        $to = Join-Path $ModuleDir $f.To
        $null = New-Item -ItemType Directory -Path $to -Force
        Copy-Item $f.From $to
    }
    Invoke-Precompile (Join-Path $ModuleDir 'net8.0')

    $manifest = Get-Content -Raw (Join-Path $Root 'AlbTroubleshoot.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$Version'"
    Set-Content -Path $ModuleManifest -Value $manifest -NoNewline -Encoding utf8BOM

    # Help per UI culture, as PowerShell looks for it: <culture>/AlbTroubleshoot.dll-Help.xml and the about
    # topic. English from docs/cmdlets/*.md and docs/about_AlbTroubleshoot.md, each translation from the
    # <culture>/ folder beside them. The about topic is written with a BOM: Windows PowerShell 5.1 reads
    # text without one as the ANSI code page.
    foreach ($culture in $HelpCultures) {
        $helpDir = Join-Path $ModuleDir $culture
        Invoke-Native "Help compilation ($culture)" {
            Invoke-FreshPwsh -File (Join-Path $Root 'build/ConvertTo-MamlHelp.ps1') -ModuleManifest $ModuleManifest -Culture $culture `
                -SourceDirectory (Join-Path $Root 'docs/cmdlets') -OutputFile (Join-Path $helpDir 'AlbTroubleshoot.dll-Help.xml')
        }
        $about = if ($culture -eq 'en-US') { Join-Path $Root 'docs/about_AlbTroubleshoot.md' } else { Join-Path $Root "docs/$culture/about_AlbTroubleshoot.md" }
        if (-not (Test-Path $about)) { throw "The about topic for $culture is missing: $about." }
        Set-Content -Path (Join-Path $helpDir 'about_AlbTroubleshoot.help.txt') -Value (Get-Content -Raw -Encoding utf8 $about) -NoNewline -Encoding utf8BOM
    }
    Write-Host "Module laid out in $ModuleDir" -ForegroundColor Green
}

function Get-PrecompileTarget {
    # The runtimes and platforms the net8.0 build is precompiled for: the runtime packs tools/tools.csproj
    # downloads, one per .NET version and platform (see the comment there).
    foreach ($download in ([xml](Get-Content -Raw (Join-Path $Root 'tools/tools.csproj'))).SelectNodes('//PackageDownload')) {
        if ($download.Include -notmatch '^Microsoft\.NETCore\.App\.Runtime\.(?<platform>.+)$') { continue }
        $platform = $Matches.platform
        foreach ($v in $download.Version -split ';') {
            [pscustomobject]@{ Platform = $platform; RuntimeVersion = $v.Trim('[', ']') }
        }
    }
}

function Invoke-Precompile([string] $Net8Dir) {
    # ReadyToRun: crossgen2 compiles the net8.0 assemblies' IL to native code for one runtime and
    # platform, into runtimes/<platform>/lib/net<major>.0/ (NuGet's layout). The IL stays in the file,
    # so a runtime that cannot use the native code (another version or OS) still runs it, JIT-compiled.
    # PowerShellStandard's reference System.Management.Automation is enough to compile against: the
    # engine is precompiled whole; the cmdlet classes' methods, whose PSCmdlet base a reference
    # assembly does not lay out, are left to the JIT.
    $buildPlatform = [Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier   # crossgen2 runs here
    $standard = ([xml](Get-Content -Raw (Join-Path $Root 'src/AlbTroubleshoot/AlbTroubleshoot.csproj'))).SelectSingleNode("//PackageReference[@Include='PowerShellStandard.Library']")
    $sma = Join-Path (Get-NuGetPackagePath $standard.Include $standard.Version) 'lib/netstandard2.0/System.Management.Automation.dll'
    foreach ($t in Get-PrecompileTarget) {
        $major = ([version]$t.RuntimeVersion).Major
        $crossgen = Join-Path (Get-NuGetPackagePath "Microsoft.NETCore.App.Crossgen2.$buildPlatform" $t.RuntimeVersion) 'tools/crossgen2'
        if ($IsWindows) { $crossgen += '.exe' }
        $framework = Join-Path (Get-NuGetPackagePath "Microsoft.NETCore.App.Runtime.$($t.Platform)" $t.RuntimeVersion) "runtimes/$($t.Platform)/lib/net$major.0"
        $os, $arch = $t.Platform -split '-', 2
        if ($os -eq 'win') { $os = 'windows' }
        $out = Join-Path $Net8Dir "runtimes/$($t.Platform)/lib/net$major.0"
        $null = New-Item -ItemType Directory -Path $out -Force
        foreach ($assembly in $Assemblies) {
            $references = @($Assemblies | Where-Object { $_ -ne $assembly } | ForEach-Object { Join-Path $Net8Dir $_ }) + $sma + "$framework/*.dll"
            $output = & $crossgen (Join-Path $Net8Dir $assembly) -o (Join-Path $out $assembly) -O --targetos $os --targetarch $arch ($references | ForEach-Object { '-r', $_ })
            if ($LASTEXITCODE -ne 0) { throw "crossgen2 failed for $assembly ($($t.Platform), .NET $($t.RuntimeVersion)): $output" }
        }
    }
}

function Invoke-Test {
    Invoke-Package
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsDir

    Write-Host 'Engine tests (xunit): build for net10.0 and net472' -ForegroundColor Cyan
    Invoke-Native 'Build of the engine tests' { dotnet build (Join-Path $Root 'tests/AlbTroubleshoot.Core.Tests') -c $Configuration -nologo -v quiet }
    # Both legs run beside Pester: the suite's time is mostly Pester's moto files, which wait more than compute.
    $legs = @(Start-XunitLeg 'net10.0'; Start-XunitLeg 'net472')

    Write-Host 'Module tests (Pester, fresh pwsh, built module)' -ForegroundColor Cyan
    $pester = Join-Path (Get-NuGetPackagePath 'Pester' (Get-PesterVersion)) 'tools/Pester.psd1'
    $pesterResult = Join-Path $ResultsDir 'pester.json'
    Invoke-FreshPwsh -File (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') -PesterPath $pester `
        -ModuleManifest $ModuleManifest -TestsPath (Join-Path $Root 'tests/Pester') -ResultFile $pesterResult -PackageDirectory $PackageDir
    $pesterExit = $LASTEXITCODE
    $pesterPassed = 0; $pesterFailed = 1
    if (Test-Path $pesterResult) {
        $r = Get-Content -Raw $pesterResult | ConvertFrom-Json
        $pesterPassed = $r.Passed; $pesterFailed = $r.Failed
        if ($pesterExit -ne 0 -and $pesterFailed -eq 0) { $pesterFailed = 1 }
    }

    $xunit = @($legs | ForEach-Object { Complete-XunitLeg $_ })
    $summary = @($xunit | ForEach-Object { "xunit $($_.Framework): $($_.Passed) passed, $($_.Failed) failed" }) + "Pester: $pesterPassed passed, $pesterFailed failed"
    Write-Host ($summary -join '; ')
    $passed = ($xunit | Measure-Object Passed -Sum).Sum + $pesterPassed
    $failed = ($xunit | Measure-Object Failed -Sum).Sum + $pesterFailed
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# The engine's unit tests per test framework: net10.0 runs them against the net8.0 engine build,
# net472 against the netstandard2.0 build (the one Windows PowerShell 5.1 loads), under Mono off Windows.
# Mono's DeflateStream throws IOException where .NET Framework and .NET throw InvalidDataException for
# corrupt deflate data, so the one test of that mapping is left out under Mono.
$MonoExcludedTest = 'AlbTroubleshoot.Tests.AccessLogs.AccessLogFileTests.A_corrupt_gzip_is_a_defined_error'

function Start-XunitLeg([string] $Framework) {
    $leg = [pscustomobject]@{ Framework = $Framework; Job = $null; NotRun = $null; Trx = Join-Path $ResultsDir "core-$Framework.trx" }
    $arguments = @('test', (Join-Path $Root 'tests/AlbTroubleshoot.Core.Tests'), '-c', $Configuration, '-f', $Framework, '--no-build', '-nologo',
        '--logger', "trx;LogFileName=$($leg.Trx)", '--logger', 'console;verbosity=minimal')
    if ($Framework -eq 'net472' -and -not $IsWindows) {
        if (-not (Get-Command mono -ErrorAction SilentlyContinue)) {
            $leg.NotRun = 'Mono is not installed (Debian: apt-get install mono-complete; .ci/run installs it), so the netstandard2.0 engine build was not tested on .NET Framework'
            return $leg
        }
        $arguments += '--filter', "FullyQualifiedName!=$MonoExcludedTest"
    }
    $leg.Job = Start-ThreadJob -ScriptBlock { param($a) & dotnet @a 2>&1 | Out-String; $LASTEXITCODE } -ArgumentList (, $arguments)
    $leg
}

function Complete-XunitLeg($Leg) {
    $result = [pscustomobject]@{ Framework = $Leg.Framework; Passed = 0; Failed = 1 }
    if ($Leg.NotRun) {
        Write-Host "xunit $($Leg.Framework) NOT RUN, counted as failed: $($Leg.NotRun)." -ForegroundColor Red
        return $result
    }
    $output, $exit = Receive-Job $Leg.Job -Wait -AutoRemoveJob
    Write-Host "Engine tests (xunit, $($Leg.Framework))" -ForegroundColor Cyan
    Write-Host $output
    if ($Leg.Framework -eq 'net472' -and -not $IsWindows) { Write-Host "Left out under Mono: $MonoExcludedTest (Mono's deflate exception type)." }
    if (-not (Test-Path $Leg.Trx)) { Write-Host "dotnet test -f $($Leg.Framework) wrote no results (exit code $exit)." -ForegroundColor Red; return $result }
    $counters = ([xml](Get-Content -Raw $Leg.Trx)).TestRun.ResultSummary.Counters
    $result.Passed = [int]$counters.passed
    $result.Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exit -ne 0 -and $result.Failed -eq 0) { $result.Failed = 1 }
    $result
}

function Invoke-Package {
    # What a user installs, from out/package/:
    #   AlbTroubleshoot.<version>.nupkg  for Install-PSResource from a folder repository or a feed;
    #   AlbTroubleshoot.zip              AlbTroubleshoot/ for Expand-Archive into a $env:PSModulePath folder,
    #                                    and as Azure Automation imports a module;
    #   alb-diagnosis.zip                the module and Invoke-AlbRunbook.ps1, a Systems Manager attachment.
    Invoke-Build
    if (Test-Path $PackageDir) { Remove-Item $PackageDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $PackageDir
    Compress-PSResource -Path $ModuleDir -DestinationPath $PackageDir
    $null = & (Join-Path $Root 'samples/runbooks/New-AlbRunbookPackage.ps1') -ModuleDirectory $ModuleDir -OutputDirectory $PackageDir
    Get-ChildItem $PackageDir -File | ForEach-Object { Write-Host ("{0,-34} {1,8:N0} KB" -f $_.Name, ($_.Length / 1KB)) }
    Write-Host "Packages in $PackageDir" -ForegroundColor Green
}

function Get-PesterVersion {
    ([xml](Get-Content -Raw (Join-Path $Root 'tools/tools.csproj'))).SelectSingleNode("//PackageDownload[@Include='Pester']").Version.Trim('[', ']')
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
    Write-Host 'Benchmark: start-up' -ForegroundColor Cyan
    Invoke-Native 'Start-up benchmark' { Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Startup.ps1') -ModuleManifest $ModuleManifest }
    Write-Host 'Benchmark: path analysis' -ForegroundColor Cyan
    Invoke-Native 'Reachability benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Reachability.ps1') -ModuleManifest $ModuleManifest
    }
    Write-Host 'Benchmark: access logs' -ForegroundColor Cyan
    Invoke-Native 'Access-log benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench.ps1') -ModuleManifest $ModuleManifest -WorkDirectory (Join-Path $Root 'out/bench')
    }
    Write-Host 'Benchmark: probing a fleet of targets' -ForegroundColor Cyan
    Invoke-Native 'Probe benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Probe.ps1') -ModuleManifest $ModuleManifest
    }
    Write-Host 'Benchmark: CloudWatch metrics' -ForegroundColor Cyan
    Invoke-Native 'Metrics benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Metrics.ps1') -ModuleManifest $ModuleManifest
    }
    Write-Host 'Benchmark: snapshot memory' -ForegroundColor Cyan
    Invoke-Native 'Snapshot memory benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Snapshot.ps1') -ModuleManifest $ModuleManifest -WorkDirectory (Join-Path $Root 'out/bench')
    }
    Write-Host 'Benchmark: a fleet (-All)' -ForegroundColor Cyan
    Invoke-Native 'Fleet benchmark' {
        Invoke-FreshPwsh -File (Join-Path $Root 'build/Bench-Fleet.ps1') -ModuleManifest $ModuleManifest
    }
}

function Invoke-Fuzz {
    & (Join-Path $Root 'build/Invoke-Fuzz.ps1') -Seconds $Seconds -Target $Target -Configuration $Configuration
}

# Tools the build needs beyond the SDK: Pester, at the version tools/tools.csproj pins.
Invoke-Native 'Restore of build tools' { dotnet restore (Join-Path $Root 'tools/tools.csproj') -nologo -v quiet }

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Package' { Invoke-Package }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Docs' { Invoke-Docs }
        'Bench' { Invoke-Bench }
        'Fuzz' { Invoke-Fuzz }
        'Clean' {
            foreach ($d in @('out') + (Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj).FullName) {
                $p = if ([IO.Path]::IsPathRooted($d)) { $d } else { Join-Path $Root $d }
                if (Test-Path $p) { Remove-Item $p -Recurse -Force }
            }
        }
    }
}
