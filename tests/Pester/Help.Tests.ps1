# The compiled help tells the truth about the cmdlets: Get-Help -Parameter shows the position,
# pipeline input, mandatory and wildcard facts the binder uses; syntax has PowerShell type names, not
# .NET generic ones; Get-Help -Online opens the cmdlet's page in the repository the manifest names.
BeforeDiscovery {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:cmdlets = @(Get-Command -Module AlbTroubleshoot -CommandType Cmdlet | ForEach-Object { @{ Cmdlet = $_.Name } })
}

BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:projectUri = (Import-PowerShellDataFile $env:ALBTROUBLESHOOT_MANIFEST).PrivateData.PSData.ProjectUri
}

Describe 'Get-Help -Parameter tells the truth about <Cmdlet>' -ForEach $cmdlets {
    BeforeAll {
        $script:command = Get-Command $Cmdlet
        $script:helpParameters = @((Get-Help $Cmdlet -Full).parameters.parameter)
        $script:names = @($command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters })
        function script:SetsOf([string] $Name) { @($command.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $Name }) }
        function script:HelpOf([string] $Name) { $helpParameters | Where-Object Name -EQ $Name }
    }

    It 'documents every parameter, -WhatIf and -Confirm included' {
        foreach ($name in $names) { HelpOf $name | Should -Not -BeNullOrEmpty -Because "-$name needs help" }
    }

    It 'shows pipeline input exactly when some parameter set binds it from the pipeline' {
        foreach ($name in $names) {
            $sets = SetsOf $name
            $kinds = @(if ($sets | Where-Object ValueFromPipeline) { 'ByValue' }) + @(if ($sets | Where-Object ValueFromPipelineByPropertyName) { 'ByPropertyName' })
            (HelpOf $name).pipelineInput | Should -Be $(if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }) -Because "-$name"
        }
    }

    It 'shows the position of the default parameter set, else of a set that takes it by position, else named' {
        foreach ($name in $names) {
            $sets = SetsOf $name
            $positions = @($sets | Where-Object { $_.Position -ge 0 } | ForEach-Object { "$($_.Position)" })
            $shown = (HelpOf $name).position
            if ($positions) { $positions | Should -Contain $shown -Because "-$name" } else { $shown | Should -Be 'named' -Because "-$name" }
            $default = $command.ParameterSets | Where-Object IsDefault | ForEach-Object { $_.Parameters | Where-Object Name -EQ $name } | Where-Object { $_.Position -ge 0 }
            if ($default) { $shown | Should -Be "$($default.Position)" -Because "the default parameter set binds -$name by position first" }
        }
    }

    It 'is required exactly when every parameter set it is in requires it' {
        foreach ($name in $names) {
            (HelpOf $name).required | Should -Be "$(-not (SetsOf $name | Where-Object { -not $_.IsMandatory }))".ToLowerInvariant() -Because "-$name"
        }
    }

    It 'accepts wildcards exactly when the parameter does' {
        foreach ($name in $names) {
            $wild = [bool]($command.Parameters[$name].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            (HelpOf $name).globbing | Should -Be "$wild".ToLowerInvariant() -Because "-$name"
        }
    }

    It 'names types as PowerShell users write them' {
        foreach ($name in $names) {
            $shown = (HelpOf $name).type.name
            $shown | Should -Not -Match '`' -Because "-$name"
            $type = $command.Parameters[$name].ParameterType
            $underlying = [Nullable]::GetUnderlyingType($type)
            if ($underlying) { $shown | Should -Be $underlying.Name -Because "-$name" }
            elseif ($type -ne [System.Management.Automation.SwitchParameter]) { $shown | Should -Be $type.Name -Because "-$name" }
        }
    }
}

Describe 'Help for <Cmdlet>' -ForEach $cmdlets {
    It 'has no .NET generic type name in its syntax' {
        (Get-Help $Cmdlet | Out-String -Width 500) | Should -Not -Match '`\d'
    }

    It 'links first to its page in the repository, so Get-Help -Online opens it' {
        $first = @((Get-Help $Cmdlet).relatedLinks.navigationLink | Where-Object { $_.uri })[0]
        $first.uri | Should -Be "$projectUri/blob/main/docs/cmdlets/$Cmdlet.md"
        Test-Path (Join-Path $repoRoot "docs/cmdlets/$Cmdlet.md") | Should -BeTrue
    }

    It 'keeps the web links of its RELATED LINKS section' {
        $page = Get-Content -Raw (Join-Path $repoRoot "docs/cmdlets/$Cmdlet.md")
        $web = [regex]::Matches($page, '\]\((https?://[^)]+)\)') | ForEach-Object { $_.Groups[1].Value }
        $uris = @((Get-Help $Cmdlet).relatedLinks.navigationLink.uri)
        foreach ($u in $web) { if ($page.Substring($page.IndexOf('## RELATED LINKS')) -match [regex]::Escape($u)) { $uris | Should -Contain $u } }
    }
}

Describe 'Get-Help -Online' {
    It 'opens the online page in the browser the system names (xdg-open here)' -Skip:(-not $IsLinux) {
        # A stand-in xdg-open records what PowerShell asks it to open, in a fresh pwsh.
        $bin = Join-Path $TestDrive 'bin'
        $null = New-Item -ItemType Directory -Path $bin
        $opened = Join-Path $TestDrive 'opened.txt'
        Set-Content -Path (Join-Path $bin 'xdg-open') -Encoding ascii -Value "#!/bin/sh`necho `"`$1`" >> '$opened'"
        & chmod +x (Join-Path $bin 'xdg-open')
        $exe = [Environment]::ProcessPath
        $argsList = @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$env:ALBTROUBLESHOOT_MANIFEST'; Get-Help Invoke-AlbDiagnosis -Online")
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $argsList = @((Join-Path $PSHOME 'pwsh.dll')) + $argsList }
        $saved = $env:PATH
        try { $env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH; $out = & $exe @argsList 2>&1 }
        finally { $env:PATH = $saved }
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while (-not (Test-Path $opened) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Get-Content $opened | Should -Be "$projectUri/blob/main/docs/cmdlets/Invoke-AlbDiagnosis.md" -Because ($out -join "`n")
    }
}
