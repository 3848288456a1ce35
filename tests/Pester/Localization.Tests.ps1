# Japanese (ja-JP): help, about topic, cause titles and remediations and error messages follow the UI
# culture, in a fresh pwsh whose culture is set before the module is imported (as a Japanese Windows
# session has it from the start); en-US stays English. What a script keys on (Id, Verdict, error IDs)
# is the same in every culture.
BeforeAll {
    $script:moduleDir = Split-Path $env:ALBTROUBLESHOOT_MANIFEST
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

    function Invoke-InCulture([string] $Culture, [string] $Command) {
        # A new pwsh with CurrentUICulture set first; its answer comes back through a UTF-8 file, so the
        # console's code page cannot garble it.
        $out = Join-Path ([IO.Path]::GetTempPath()) "alb-l10n-$([guid]::NewGuid().ToString('n')).json"
        $script = "[System.Globalization.CultureInfo]::CurrentUICulture = '$Culture'; Import-Module '$env:ALBTROUBLESHOOT_MANIFEST'; " +
            "`$r = & { $Command }; [IO.File]::WriteAllText('$out', (ConvertTo-Json -InputObject `$r -Depth 3), [Text.UTF8Encoding]::new(`$false))"
        $exe = [Environment]::ProcessPath
        $all = @('-NoProfile', '-NonInteractive', '-Command', $script)
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $all = @((Join-Path $PSHOME 'pwsh.dll')) + $all }
        $console = & $exe @all 2>&1 | Out-String
        try {
            if (-not (Test-Path $out)) { throw "pwsh ($Culture) wrote no answer: $console" }
            Get-Content -Raw -Encoding utf8 $out | ConvertFrom-Json
        }
        finally { Remove-Item $out -ErrorAction Ignore }
    }

    function Get-Synopsis([string] $Page) {
        $lines = Get-Content -Encoding utf8 $Page
        $lines[[array]::IndexOf($lines, '## SYNOPSIS') + 1]
    }
}

Describe 'The built module ships Japanese help' {
    It 'has ja-JP/<File> beside en-US/<File>' -ForEach @(@{ File = 'AlbTroubleshoot.dll-Help.xml' }, @{ File = 'about_AlbTroubleshoot.help.txt' }) {
        Join-Path $moduleDir "en-US/$File" | Should -Exist
        Join-Path $moduleDir "ja-JP/$File" | Should -Exist
        (Get-Content -Raw -Encoding utf8 (Join-Path $moduleDir "ja-JP/$File")) | Should -Match '[\u3040-\u30ff]'
    }
}

Describe 'Get-Help by UI culture, in a fresh pwsh' {
    BeforeAll {
        $command = '$h = Get-Help Invoke-AlbDiagnosis -Full; [pscustomobject]@{ Synopsis = $h.Synopsis; ' +
            'Example = $h.examples.example[0].code; Parameter = ($h.parameters.parameter | Where-Object name -EQ StatusCode).description[0].Text; ' +
            'About = (Get-Help about_AlbTroubleshoot | Out-String) }'
        $script:ja = Invoke-InCulture 'ja-JP' $command
        $script:en = Invoke-InCulture 'en-US' $command
    }

    It 'shows the Japanese synopsis, parameter text and about topic under ja-JP' {
        $ja.Synopsis | Should -BeExactly (Get-Synopsis "$repoRoot/docs/cmdlets/ja-JP/Invoke-AlbDiagnosis.md")
        $ja.Parameter | Should -Match '^注目するステータスコードです'
        $ja.About | Should -Match 'AWS の Application Load Balancer \(ALB\) が HTTP 4XX/5XX を返す理由を説明します。'
    }

    It 'shows the English help under en-US' {
        $en.Synopsis | Should -BeExactly (Get-Synopsis "$repoRoot/docs/cmdlets/Invoke-AlbDiagnosis.md")
        $en.About | Should -Match 'Explains why an AWS Application Load Balancer'
    }

    It 'keeps the examples'' code as it is' {
        $ja.Example | Should -BeExactly $en.Example
    }
}

Describe 'Cause titles and remediations by UI culture, in a fresh pwsh' {
    BeforeAll {
        $command = "Get-AlbErrorCause 503 -Snapshot '$repoRoot/samples/503-empty-target-group.json' | Where-Object Id -EQ '503.NoRegisteredTargets' | " +
            'Select-Object Id, Verdict, Title, Remediation, Evidence'
        $script:ja = Invoke-InCulture 'ja-JP' $command
        $script:en = Invoke-InCulture 'en-US' $command
    }

    It 'gives the Japanese title and remediation under ja-JP, the English under en-US' {
        $ja.Title | Should -BeExactly 'ターゲットグループに登録済みのターゲットがありません'
        $ja.Remediation | Should -Match '^ターゲットを登録するか'
        $en.Title | Should -BeExactly 'The target group has no registered targets'
    }

    It 'leaves the Id, the verdict and the evidence untranslated' {
        $ja.Id | Should -Be $en.Id
        $ja.Verdict | Should -Be 'Confirmed'
        $ja.Verdict | Should -Be $en.Verdict
        @($ja.Evidence) | Should -Be @($en.Evidence)
    }
}

Describe 'Error messages by UI culture, in a fresh pwsh' {
    BeforeAll {
        $command = "@(try { Get-AlbSnapshot -Path '$repoRoot/samples/no-such-snapshot.json' -ErrorAction Stop } catch { `$_ }; " +
            'try { Get-AlbErrorCause 200 -ErrorAction Stop } catch { $_ }) | ForEach-Object { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = $_.Exception.Message } }'
        $script:ja = Invoke-InCulture 'ja-JP' $command
        $script:en = Invoke-InCulture 'en-US' $command
    }

    It 'says it in Japanese under ja-JP and in English under en-US, with the same error ID and category' {
        $ja[0].Message | Should -BeExactly "'$repoRoot/samples/no-such-snapshot.json' に一致するスナップショットファイルがありません。"
        $en[0].Message | Should -BeExactly "No snapshot file matches '$repoRoot/samples/no-such-snapshot.json'."
        $ja[1].Message | Should -Match '^ステータスコード 200 は、Application Load Balancer'
        $en[1].Message | Should -Match '^Status code 200 is not one'
        $ja.Id | Should -Be $en.Id
        $ja.Category | Should -Be $en.Category
        $ja[0].Id | Should -BeLike 'SnapshotFileNotFound,*'
    }
}
