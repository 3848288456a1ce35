# Export-AlbSnapshot writes files the way Out-File and Export-Csv do: -WhatIf/-Confirm, -NoClobber,
# -Force for read-only files, -LiteralPath, wildcards that must name one file. Offline, from the samples;
# live collection through -WhatIf is observed with a stand-in aws that records every call.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:healthy = Join-Path $repoRoot 'samples/healthy.json'
    $script:waf = Join-Path $repoRoot 'samples/403-waf.json'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "albt-export-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $work
    function script:LoadBalancersIn([string] $File) { (Get-AlbSnapshot -LiteralPath $File).LoadBalancers }
}

AfterAll {
    Get-ChildItem $work -Recurse -File -ErrorAction Ignore | ForEach-Object { $_.IsReadOnly = $false }
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe 'Export-AlbSnapshot file semantics' {
    BeforeEach {
        $script:file = Join-Path $work "snap-$([guid]::NewGuid().ToString('n')).json"
    }

    It 'declares SupportsShouldProcess, so -WhatIf and -Confirm exist' {
        $command = Get-Command Export-AlbSnapshot
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
    }

    It '-WhatIf writes nothing, says which file it would write, and makes no AWS call when it would collect live' {
        # What-if messages go to the host, so both runs happen in a child pwsh whose output is read;
        # a stand-in aws first on its PATH records any call.
        . (Join-Path $PSScriptRoot 'Support/RecordingAws.ps1')
        $log = Join-Path $work 'aws.log'
        $bin = New-RecordingAws -Directory (Join-Path $work 'bin') -Log $log
        $live = Join-Path $work 'live.json'
        $exe = [Environment]::ProcessPath
        $argsList = @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$env:ALBTROUBLESHOOT_MANIFEST'; " +
            "Get-AlbSnapshot -Path '$healthy' | Export-AlbSnapshot -Path '$file' -PassThru -WhatIf; " +
            "Export-AlbSnapshot -Name web -Source AwsCli -Region us-east-1 -Path '$live' -WhatIf")
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $argsList = @((Join-Path $PSHOME 'pwsh.dll')) + $argsList }
        $saved = $env:PATH
        try { $env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH; $out = (& $exe @argsList) -join "`n" }
        finally { $env:PATH = $saved }
        Test-Path $file | Should -BeFalse
        Test-Path $live | Should -BeFalse
        Test-Path $log | Should -BeFalse -Because 'no AWS call is made under -WhatIf'
        $out | Should -Match ([regex]::Escape("What if: Performing the operation `"Write an ALB snapshot file`" on target `"$file`""))
        $out | Should -Match ([regex]::Escape("on target `"$live`""))
    }

    It 'replaces an existing file by default' {
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $file
        Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path $file
        LoadBalancersIn $file | Should -Be (Get-AlbSnapshot -Path $waf).LoadBalancers
    }

    It '-NoClobber keeps an existing file and stops with SnapshotFileExists' {
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $file
        $before = Get-Content -Raw $file
        { Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path $file -NoClobber } | Should -Throw -ErrorId 'SnapshotFileExists,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
        try { Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path $file -NoClobber } catch { $_.CategoryInfo.Category | Should -Be 'ResourceExists' }
        Get-Content -Raw $file | Should -BeExactly $before
    }

    It '-NoClobber writes a new file' {
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $file -NoClobber
        LoadBalancersIn $file | Should -Be 'shop-prod'
    }

    It 'a read-only file needs -Force' {
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $file
        (Get-Item $file).IsReadOnly = $true
        { Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path $file } | Should -Throw -ErrorId 'SnapshotFileNotWritten,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
        LoadBalancersIn $file | Should -Be 'shop-prod'
        Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path $file -Force
        LoadBalancersIn $file | Should -Be (Get-AlbSnapshot -Path $waf).LoadBalancers
    } -Skip:([Environment]::UserName -eq 'root')   # root writes read-only files anyway (Linux CAP_DAC_OVERRIDE)

    It '-Force clears the read-only attribute before writing' {
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $file
        (Get-Item $file).IsReadOnly = $true
        Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path $file -Force
        (Get-Item $file).IsReadOnly | Should -BeFalse
        LoadBalancersIn $file | Should -Be (Get-AlbSnapshot -Path $waf).LoadBalancers
    }

    It '-LiteralPath writes a name with wildcard characters; -Path refuses it' {
        $odd = Join-Path $work 'web[1].json'
        { Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $odd } | Should -Throw -ErrorId 'SnapshotPathRequired,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -LiteralPath $odd
        LoadBalancersIn $odd | Should -Be 'shop-prod'
    }

    It 'a -Path wildcard that names one existing file writes that file' {
        Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path (Join-Path $work 'only-one.json')
        Get-AlbSnapshot -Path $waf | Export-AlbSnapshot -Path (Join-Path $work 'only-*.json')
        LoadBalancersIn (Join-Path $work 'only-one.json') | Should -Be (Get-AlbSnapshot -Path $waf).LoadBalancers
    }

    It 'refuses a folder, and no path at all, with stable IDs' {
        { Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $work } | Should -Throw -ErrorId 'SnapshotPathIsFolder,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
        { Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot } | Should -Throw -ErrorId 'SnapshotPathRequired,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
        { Get-AlbSnapshot -Path $healthy | Export-AlbSnapshot -Path $file -LiteralPath $file } | Should -Throw -ErrorId 'SnapshotPathRequired,AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
    }
}
