# The built module as a user imports it: manifest, exported set, help for every cmdlet.
BeforeDiscovery {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:cmdlets = @(Get-Command -Module AlbTroubleshoot -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:manifest = Import-PowerShellDataFile $env:ALBTROUBLESHOOT_MANIFEST
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
}

Describe 'Module manifest' {
    It 'declares both editions and Windows PowerShell 5.1' {
        $manifest.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FormatsToProcess | Should -Contain 'AlbTroubleshoot.Format.ps1xml'
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'AWS'
    }

    It 'carries the version of Directory.Build.props' {
        $props = [xml](Get-Content -Raw (Join-Path $repoRoot 'Directory.Build.props'))
        $manifest.ModuleVersion | Should -Be ($props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1)
    }

    It 'exports exactly the cmdlets the manifest lists, in a fresh pwsh' {
        $exe = [Environment]::ProcessPath
        $argsList = @('-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$env:ALBTROUBLESHOOT_MANIFEST'; (Get-Command -Module AlbTroubleshoot).Name -join ','")
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $argsList = @((Join-Path $PSHOME 'pwsh.dll')) + $argsList }
        $exported = (& $exe @argsList) -split ',' | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'ships no third-party assembly: every build folder holds exactly its own two DLLs' {
        $dlls = @(Get-ChildItem (Split-Path $env:ALBTROUBLESHOOT_MANIFEST) -Filter *.dll -Recurse)
        $dlls.Count | Should -BeGreaterThan 0
        foreach ($folder in $dlls | Group-Object DirectoryName) {
            @($folder.Group.Name | Sort-Object) | Should -Be @('AlbTroubleshoot.Core.dll', 'AlbTroubleshoot.dll') -Because $folder.Name
        }
    }

    It 'has an about topic' {
        (Get-Help about_AlbTroubleshoot | Out-String) | Should -Match 'Application Load Balancer'
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:command = Get-Command $Name
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $script:parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"   # not the auto-generated syntax line
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($p in $parameters) {
            $doc = $help.Parameters.Parameter | Where-Object Name -EQ $p
            $doc | Should -Not -BeNullOrEmpty -Because "parameter -$p needs help"
            ($doc.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "parameter -$p needs a description"
        }
    }

    It 'declares its output type and has a default view for it' {
        $command.OutputType.Type | Should -Not -BeNullOrEmpty
        # The module's own types need a view; a report is a plain System.String and has PowerShell's.
        foreach ($t in $command.OutputType.Type | Where-Object Namespace -Like 'AlbTroubleshoot*') {
            Get-FormatData -TypeName $t.FullName | Should -Not -BeNullOrEmpty -Because "$($t.FullName) needs a default view"
        }
    }

    It 'has examples, and every offline example runs without error' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        # Examples whose title says "(live)" call AWS; every other one must run here as written.
        $offline = @($help.Examples.Example | Where-Object { $_.Title -notmatch '\(live\)' })
        $offline.Count | Should -BeGreaterThan 0 -Because 'at least one example must run without an AWS account'
        Push-Location (Join-Path $repoRoot 'samples')
        try {
            foreach ($example in $offline) {
                $Error.Clear()
                $null = & ([scriptblock]::Create($example.Code)) 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } |
                    ForEach-Object { throw "Example '$($example.Title.Trim('- '))' wrote an error: $_" }
            }
        }
        finally { Pop-Location }
    }
}
