<#
.SYNOPSIS
    Runs the Pester suite against the built module; build.ps1 starts it in a fresh pwsh.
    Writes {"Passed":N,"Failed":N,"Skipped":N} to -ResultFile for build.ps1's closing line.
.DESCRIPTION
    With a folder and -Workers above 1, each test file runs in its own fresh pwsh, -Workers at a
    time, the slowest first (the moto end-to-end files wait on the emulator and the aws CLI more than
    they compute, so one core alone leaves the other idle). A file's output is printed whole when it
    ends, so files never interleave; the counts are summed, and a file that ends without results
    counts as failed. With one file, or -Workers 1, the tests run in this process.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $TestsPath,
    [Parameter(Mandatory)] [string] $ResultFile,
    # The packages of build.ps1 -Task Package, for the install tests (they are skipped without it).
    [string] $PackageDirectory,
    [ValidateRange(1, 16)] [int] $Workers = [Math]::Min(4, [Math]::Max(2, [Environment]::ProcessorCount))
)
$ErrorActionPreference = 'Stop'

function Write-Result([int] $Passed, [int] $Failed, [int] $Skipped) {
    [ordered]@{ Passed = $Passed; Failed = $Failed; Skipped = $Skipped } | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
}

if ($Workers -eq 1 -or (Test-Path -LiteralPath $TestsPath -PathType Leaf)) {
    Import-Module $PesterPath -Force
    # The test files import the module from here, never from source.
    $env:ALBTROUBLESHOOT_MANIFEST = $ModuleManifest
    $env:ALBTROUBLESHOOT_PACKAGES = $PackageDirectory
    $config = New-PesterConfiguration
    $config.Run.Path = $TestsPath
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $result = Invoke-Pester -Configuration $config
    Write-Result $result.PassedCount ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount) $result.SkippedCount
    exit ([int]($result.Result -ne 'Passed'))
}

# Slowest first, so that the last files to start are short: the emulator files, the install tests,
# then by size.
$files = @(Get-ChildItem -LiteralPath $TestsPath -Recurse -File -Filter *.Tests.ps1 |
        Sort-Object @{ Expression = { $_.Name -like '*.Moto.Tests.ps1' -or $_.Name -in 'Build.Tests.ps1', 'Test-AlbTargetEndpoint.Tests.ps1' }; Descending = $true },
        @{ Expression = 'Length'; Descending = $true })
$resultsDir = Join-Path ([IO.Path]::GetDirectoryName([IO.Path]::GetFullPath($ResultFile))) 'pester-files'
$null = New-Item -ItemType Directory -Path $resultsDir -Force
$exe = [Environment]::ProcessPath
[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }   # pwsh as a dotnet tool

function Start-TestFile([IO.FileInfo] $File, [int] $Index) {
    $result = Join-Path $resultsDir ("{0:d3}.json" -f $Index)
    $psi = [Diagnostics.ProcessStartInfo]::new($exe)
    foreach ($a in $prefix + @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-PesterPath', $PesterPath, '-ModuleManifest', $ModuleManifest,
            '-TestsPath', $File.FullName, '-ResultFile', $result, '-Workers', '1') + $(if ($PackageDirectory) { '-PackageDirectory', $PackageDirectory })) {
        $psi.ArgumentList.Add($a)
    }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($psi)
    [pscustomobject]@{
        File = $File; Process = $process; Result = $result; Started = [DateTime]::UtcNow
        Stdout = $process.StandardOutput.ReadToEndAsync(); Stderr = $process.StandardError.ReadToEndAsync()
    }
}

$queue = [Collections.Generic.Queue[object]]::new()
$files | ForEach-Object { $queue.Enqueue($_) }
$running = [Collections.Generic.List[object]]::new()
$passed = 0; $failed = 0; $skipped = 0; $index = 0
$durations = [Collections.Generic.List[object]]::new()
Write-Host "$($files.Count) test files, $Workers at a time, each in a fresh pwsh."
while ($queue.Count -gt 0 -or $running.Count -gt 0) {
    while ($running.Count -lt $Workers -and $queue.Count -gt 0) { $running.Add((Start-TestFile $queue.Dequeue() ($index++))) }
    $done = @($running | Where-Object { $_.Process.HasExited })
    if ($done.Count -eq 0) { Start-Sleep -Milliseconds 100; continue }
    foreach ($run in $done) {
        $null = $running.Remove($run)
        $run.Process.WaitForExit()
        $name = [IO.Path]::GetRelativePath($TestsPath, $run.File.FullName)
        $seconds = ([DateTime]::UtcNow - $run.Started).TotalSeconds
        $durations.Add([pscustomobject]@{ File = $name; Seconds = $seconds })
        Write-Host ("---- {0} ({1:n0} s)" -f $name, $seconds)
        Write-Host $run.Stdout.GetAwaiter().GetResult()
        $stderr = $run.Stderr.GetAwaiter().GetResult()
        if ($stderr.Trim()) { Write-Host $stderr }
        if (Test-Path -LiteralPath $run.Result) {
            $r = Get-Content -Raw -LiteralPath $run.Result | ConvertFrom-Json
            $passed += $r.Passed; $failed += $r.Failed; $skipped += $r.Skipped
            if ($run.Process.ExitCode -ne 0 -and $r.Failed -eq 0) { $failed++ }
        }
        else {
            Write-Host "$name ended (exit code $($run.Process.ExitCode)) without results: counted as one failure." -ForegroundColor Red
            $failed++
        }
        $run.Process.Dispose()
    }
}
Write-Host 'Pester files by duration (s):' (($durations | Sort-Object Seconds -Descending | ForEach-Object { '{0} {1:n0}' -f $_.File, $_.Seconds }) -join ', ')
Write-Host "Pester: $passed passed, $failed failed, $skipped skipped"
Write-Result $passed $failed $skipped
exit ([int]($failed -gt 0))
