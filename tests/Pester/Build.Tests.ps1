# What the build ships and how it installs: the build each PowerShell loads, the precompiled code in
# use, the netstandard2.0 build (Windows PowerShell 5.1's) with the same surface and answers, the
# manifest's gallery fields, files Windows PowerShell 5.1 reads, and the packages of
# `build.ps1 -Task Package` installed in fresh processes.
BeforeDiscovery {
    # The folder the loader takes for this PowerShell's runtime and platform, when the module has one.
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $platform = "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture)".ToLowerInvariant()
    $dir = Join-Path (Split-Path $env:ALBTROUBLESHOOT_MANIFEST) "net8.0/runtimes/$platform/lib/net$([Environment]::Version.Major).0"
    $script:precompiled = @{ PrecompiledDir = $dir; NoPrecompiled = -not (Test-Path (Join-Path $dir 'AlbTroubleshoot.dll')) }
}

BeforeAll {
    $script:moduleDir = Split-Path $env:ALBTROUBLESHOOT_MANIFEST
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:manifest = Import-PowerShellDataFile $env:ALBTROUBLESHOOT_MANIFEST
    $script:standardBuild = Join-Path $moduleDir 'netstandard2.0/AlbTroubleshoot.dll'
    $script:portableBuild = Join-Path $moduleDir 'net8.0/AlbTroubleshoot.dll'

    function Invoke-FreshPwsh {
        # A new pwsh; -Environment sets variables for it only ($null removes one).
        param([string] $Command, [hashtable] $Environment = @{})
        $exe = [Environment]::ProcessPath
        $all = @('-NoProfile', '-NonInteractive', '-Command', $Command)
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $all = @((Join-Path $PSHOME 'pwsh.dll')) + $all }
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try { $output = @(& $exe @all 2>&1 | ForEach-Object { "$_" }) }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        if ($LASTEXITCODE -ne 0) { throw "pwsh exited with $LASTEXITCODE running: $Command`n$($output -join "`n")" }
        $output
    }

    function Get-Surface([string] $Module) {
        # Every cmdlet, parameter set and parameter with its type, position, mandatory and pipeline flags.
        $probe = "Import-Module '$Module'; Get-Command -Module AlbTroubleshoot | Sort-Object Name | ForEach-Object { " +
            '$c = $_; $c.ParameterSets | Sort-Object Name | ForEach-Object { $s = $_; $s.Parameters | Sort-Object Name | ForEach-Object { ' +
            '"$($c.Name) [$($s.Name)] -$($_.Name) $($_.ParameterType.FullName) pos=$($_.Position) mand=$($_.IsMandatory) pipe=$($_.ValueFromPipeline)/$($_.ValueFromPipelineByPropertyName)" } } }'
        Invoke-FreshPwsh $probe
    }

    function Get-Answer([string] $Module) {
        Invoke-FreshPwsh ("Import-Module '$Module'; Set-Location '$repoRoot/samples'; " +
            'Invoke-AlbDiagnosis -Snapshot ./502-target-sg.json -StatusCode 502 | ConvertTo-Json -Depth 6 -Compress; ' +
            'Measure-AlbAccessLog -Path ./logs | ConvertTo-Json -Depth 5 -Compress')
    }

    function Get-FirstCallJitCount([string] $Module) {
        [int](Invoke-FreshPwsh ("Import-Module '$Module'; `$j = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false); " +
                "`$null = Invoke-AlbDiagnosis -Snapshot '$repoRoot/samples/502-target-sg.json' -StatusCode 502; " +
                '[System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $j') | Select-Object -Last 1)
    }

    function Get-EncodingProblem([string] $Path) {
        # What Windows PowerShell 5.1 would misread: it reads a script, manifest, format file or help
        # text without a byte-order mark as the ANSI code page, so non-ASCII there needs UTF-8 with BOM.
        $bytes = [IO.File]::ReadAllBytes($Path)
        $bom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
        try { $text = [Text.UTF8Encoding]::new($false, $true).GetString($bytes) }
        catch { return "$Path is not valid UTF-8" }
        if ($text -match '[^\x00-\x7F]' -and -not $bom -and [IO.Path]::GetExtension($Path) -in '.ps1', '.psm1', '.psd1', '.ps1xml', '.txt') {
            return "$Path holds non-ASCII text without a UTF-8 byte-order mark"
        }
    }
}

Describe 'The build PowerShell loads' -ForEach $precompiled {
    It 'is net8.0, precompiled for this runtime and platform where the module has that build' {
        $loaded = Invoke-FreshPwsh ("Import-Module '$env:ALBTROUBLESHOOT_MANIFEST'; " +
            "[AppDomain]::CurrentDomain.GetAssemblies().Where({ `$_.GetName().Name -like 'AlbTroubleshoot*' }).Location")
        $expected = if ($NoPrecompiled) { Split-Path $portableBuild } else { $PrecompiledDir }
        @($loaded | Sort-Object) | Should -Be @((Join-Path $expected 'AlbTroubleshoot.Core.dll'), (Join-Path $expected 'AlbTroubleshoot.dll'))
    }

    It 'runs precompiled code: the first diagnosis JIT-compiles under half the methods the portable build does' -Skip:$precompiled.NoPrecompiled {
        # Precompiled code a runtime cannot use (compiled for another .NET version) is silently JIT-compiled
        # again: this is what shows it is used. Measured: about 280 methods against about 2,000.
        $precompiled = Get-FirstCallJitCount $env:ALBTROUBLESHOOT_MANIFEST
        $portable = Get-FirstCallJitCount $portableBuild
        $precompiled | Should -BeLessThan ($portable / 2) -Because "the precompiled build JIT-compiled $precompiled methods, the portable one $portable"
    }
}

Describe 'The netstandard2.0 build (what Windows PowerShell 5.1 loads), force-loaded in pwsh' {
    It 'exposes the same cmdlets and parameters as the net8.0 build' {
        $standard = Get-Surface $standardBuild
        $standard.Count | Should -BeGreaterThan 50
        $standard | Should -Be (Get-Surface $env:ALBTROUBLESHOOT_MANIFEST)
    }

    It 'gives the same diagnosis and access-log summary as the net8.0 build' {
        $answer = Get-Answer $standardBuild
        ($answer -join "`n") | Should -Match '"Status":"Problems"'
        $answer | Should -Be (Get-Answer $env:ALBTROUBLESHOOT_MANIFEST)
    }
}

Describe 'Manifest and license' {
    It 'names what Windows PowerShell 5.1 needs, the project, the license and tags' {
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
        $manifest.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $psData = $manifest.PrivateData.PSData
        $psData.ProjectUri | Should -Match '^https://'
        $psData.LicenseUri | Should -BeLike "$($psData.ProjectUri)/*/LICENSE"
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        $psData.Tags | Should -Contain 'PSEdition_Core'
        @($psData.Tags | Where-Object { $_ -match '\s' }) | Should -BeNullOrEmpty -Because 'gallery tags have no spaces'
        { Test-ModuleManifest $env:ALBTROUBLESHOOT_MANIFEST -ErrorAction Stop } | Should -Not -Throw
    }

    It 'ships the repository''s LICENSE, the MIT license the manifest names' {
        $shipped = Get-Content -Raw (Join-Path $moduleDir 'LICENSE')
        $shipped | Should -Be (Get-Content -Raw (Join-Path $repoRoot 'LICENSE'))
        $shipped | Should -Match '^MIT License'
        $manifest.Copyright | Should -Match 'MIT'
    }
}

Describe 'Files Windows PowerShell 5.1 reads' {
    It 'finds non-ASCII text without a byte-order mark (the check itself)' {
        $bad = Join-Path $TestDrive 'bad.ps1'
        [IO.File]::WriteAllText($bad, "'$([char]0x00E9)'", [Text.UTF8Encoding]::new($false))
        Get-EncodingProblem $bad | Should -Match 'without a UTF-8 byte-order mark'
        [IO.File]::WriteAllText($bad, "'$([char]0x00E9)'", [Text.UTF8Encoding]::new($true))
        Get-EncodingProblem $bad | Should -BeNullOrEmpty
    }

    It 'has every shipped text file in UTF-8, with a byte-order mark where it holds non-ASCII' {
        # The module, and the scripts users copy to Windows hosts (runbooks, snapshot scripts).
        $files = @(Get-ChildItem $moduleDir -Recurse -File | Where-Object Extension -NE '.dll') +
            @(Get-ChildItem (Join-Path $repoRoot 'samples'), (Join-Path $repoRoot 'docs') -Recurse -File -Include *.ps1, *.psm1, *.psd1)
        $files.Count | Should -BeGreaterThan 5
        @($files | ForEach-Object { Get-EncodingProblem $_.FullName }) | Should -BeNullOrEmpty
    }

    It 'keeps every path in the module short: Windows PowerShell 5.1 takes no path over 259 characters' {
        # What the module adds below its folder; C:\Users\<name>\Documents\WindowsPowerShell\Modules\
        # AlbTroubleshoot\<version>\ takes about 90 more, and the limit is 259 in all.
        $longest = Get-ChildItem $moduleDir -Recurse -File | ForEach-Object { $_.FullName.Substring($moduleDir.Length + 1) } |
            Sort-Object Length -Descending | Select-Object -First 1
        $longest.Length | Should -BeLessOrEqual 100 -Because $longest
    }
}

Describe 'Install from the packages of build.ps1 -Task Package' -Skip:(-not $env:ALBTROUBLESHOOT_PACKAGES) {
    BeforeAll {
        $script:packages = $env:ALBTROUBLESHOOT_PACKAGES
        # After the install, a new process imports the module by name and runs a command.
        $script:useIt = 'Import-Module AlbTroubleshoot; (Get-Module AlbTroubleshoot).ModuleBase; ' +
            "(Invoke-AlbDiagnosis -Snapshot '$repoRoot/samples/502-target-sg.json' -StatusCode 502).Status"
    }

    It 'Install-PSResource installs the .nupkg from a folder repository, in a throw-away HOME' -Skip:$IsWindows {
        # HOME (and the XDG folders) decide where pwsh keeps modules and PSResourceGet its repositories
        # off Windows; PSModulePath is removed so that pwsh computes it from them.
        $home_ = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory -Path $home_
        $environment = @{ HOME = $home_; XDG_DATA_HOME = "$home_/.local/share"; XDG_CONFIG_HOME = "$home_/.config"; XDG_CACHE_HOME = "$home_/.cache"; PSModulePath = $null }
        # They must exist: .NET gives an empty LocalApplicationData for a missing folder, and PSResourceGet
        # would then keep its repository list relative to the current folder (the repository's root).
        foreach ($d in $environment.XDG_DATA_HOME, $environment.XDG_CONFIG_HOME, $environment.XDG_CACHE_HOME) { $null = New-Item -ItemType Directory -Path $d -Force }
        $null = Invoke-FreshPwsh -Environment $environment -Command ("Register-PSResourceRepository -Name AlbLocal -Uri '$packages' -Trusted; " +
            'Install-PSResource AlbTroubleshoot -Repository AlbLocal -Scope CurrentUser -Quiet')
        $base, $status = Invoke-FreshPwsh -Environment $environment -Command $useIt
        $base | Should -Be (Join-Path $home_ ".local/share/powershell/Modules/AlbTroubleshoot/$($manifest.ModuleVersion)")
        $status | Should -Be 'Problems'
        Test-Path (Join-Path $base 'LICENSE') | Should -BeTrue
    }

    It 'Expand-Archive of AlbTroubleshoot.zip into a module folder makes it importable by name' {
        $modules = Join-Path $TestDrive 'Modules'
        Expand-Archive (Join-Path $packages 'AlbTroubleshoot.zip') -DestinationPath $modules
        $base, $status = Invoke-FreshPwsh -Environment @{ PSModulePath = $modules } -Command $useIt
        $base | Should -Be (Join-Path $modules 'AlbTroubleshoot')
        $status | Should -Be 'Problems'
    }

    It 'puts both builds, the loader and the LICENSE in the .nupkg, with the manifest''s metadata' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $nupkg = Get-Item (Join-Path $packages "AlbTroubleshoot.$($manifest.ModuleVersion).nupkg")
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try {
            $entries = @($zip.Entries.FullName)
            $reader = [IO.StreamReader]::new($zip.GetEntry('AlbTroubleshoot.nuspec').Open())
            $nuspec = [xml]$reader.ReadToEnd(); $reader.Dispose()
        }
        finally { $zip.Dispose() }
        foreach ($file in 'AlbTroubleshoot.psd1', 'AlbTroubleshoot.psm1', 'LICENSE', 'netstandard2.0/AlbTroubleshoot.dll', 'net8.0/AlbTroubleshoot.Core.dll') {
            $entries | Should -Contain $file
        }
        $nuspec.package.metadata.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        $nuspec.package.metadata.tags | Should -Match '\bAWS\b'
    }
}
