# Loads the build of the module that suits the running PowerShell. Both builds are compiled from one
# source and export the same cmdlets:
#   PowerShell 7.4+ (.NET 8 or later): net8.0, precompiled for this runtime and platform where the
#     module has it (net8.0/runtimes/<os>-<arch>/lib/net<major>.0/), else the portable net8.0 build;
#   Windows PowerShell 5.1 (.NET Framework 4.7.2+), and PowerShell 7 on an older .NET: netstandard2.0.
$build = Join-Path $PSScriptRoot 'netstandard2.0'
$runtime = [Environment]::Version
if ($PSVersionTable.PSEdition -eq 'Core' -and $runtime.Major -ge 8) {
    $build = Join-Path $PSScriptRoot 'net8.0'
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    $precompiled = Join-Path $build "runtimes/$os-$arch/lib/net$($runtime.Major).0"
    if (Test-Path -LiteralPath (Join-Path $precompiled 'AlbTroubleshoot.dll')) { $build = $precompiled }
}
Import-Module (Join-Path $build 'AlbTroubleshoot.dll')
# The type data names a class of the assembly just loaded, so it is added here, not by TypesToProcess
# (which runs before the root module). Importing again (-Force) adds the same file once.
Update-TypeData -PrependPath (Join-Path $PSScriptRoot 'AlbTroubleshoot.Types.ps1xml')
