# Nothing ends silently: input that selects nothing, a window that ends before it starts, an empty
# report, a load balancer with nothing to test each say so, with a stable error ID or a warning.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:samples = Join-Path $repoRoot 'samples'
    $script:logs = Join-Path $samples 'logs'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "albt-messages-$([guid]::NewGuid().ToString('n'))"
    $script:empty = Join-Path $work 'empty'
    $null = New-Item -ItemType Directory -Path (Join-Path $empty 'sub')
    Set-Content -Path (Join-Path $empty 'readme.txt') -Value 'not a log'
    $script:now = [datetime]::UtcNow

    # Runs a command and returns what it wrote: objects, error IDs, warnings. Non-terminating errors
    # stay non-terminating whatever the suite's $ErrorActionPreference.
    function script:Invoke-Captured([scriptblock] $Command) {
        $ErrorActionPreference = 'Continue'
        $all = @(& $Command 2>&1 3>&1)
        [pscustomobject]@{
            Output   = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
            Errors   = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
        }
    }
}

AfterAll { Remove-Item $work -Recurse -Force -ErrorAction Ignore }

Describe 'A log folder with no log file is an error naming the folder' {
    It '<Name>' -ForEach @(
        @{ Name = 'Get-AlbAccessLog'; Command = { Get-AlbAccessLog -Path $empty } }
        @{ Name = 'Measure-AlbAccessLog'; Command = { Measure-AlbAccessLog -Path $empty } }
        @{ Name = 'Invoke-AlbDiagnosis -AccessLogPath'; Command = { Invoke-AlbDiagnosis -Snapshot (Join-Path $samples 'healthy.json') -AccessLogPath $empty } }
    ) {
        $r = Invoke-Captured $Command
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogPathNotFound,*'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $r.Errors[0].Exception.Message | Should -BeLike "*'$empty'*no access-log file*"
    }
}

Describe 'A window that ends before it starts stops the command' {
    It '<Name>' -ForEach @(
        @{ Name = 'Get-AlbAccessLog'; Command = { Get-AlbAccessLog -Path $logs -From $now -To $now.AddHours(-1) } }
        @{ Name = 'Measure-AlbAccessLog'; Command = { Measure-AlbAccessLog -Path $logs -From $now -To $now.AddHours(-1) } }
        @{ Name = 'Invoke-AlbDiagnosis'; Command = { Invoke-AlbDiagnosis -Snapshot (Join-Path $samples 'healthy.json') -AccessLogPath $logs -AccessLogFrom $now -AccessLogTo $now.AddHours(-1) } }
    ) {
        { & $Command -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidAccessLogWindow,*'
        try { & $Command } catch { $_.CategoryInfo.Category | Should -Be 'InvalidArgument'; $_.Exception.Message | Should -Match 'is before' }
    }
}

Describe 'An answer with nothing in it says why' {
    It 'warns when no log line matches the filters, naming them' {
        foreach ($cmd in 'Get-AlbAccessLog', 'Measure-AlbAccessLog') {
            $r = Invoke-Captured { & $cmd -Path $logs -StatusCode 405 }
            $r.Output | Should -BeNullOrEmpty
            $r.Warnings | Should -Be @('No log line in 2 files matched -StatusCode 405.')
        }
    }

    It 'does not warn when lines matched' {
        (Invoke-Captured { Measure-AlbAccessLog -Path $logs -StatusCode 502 }).Warnings | Should -BeNullOrEmpty
    }

    It 'ConvertTo-AlbReport with no diagnosis writes NoDiagnosisToReport and no report' {
        $r = Invoke-Captured { @() | ConvertTo-AlbReport }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.FullyQualifiedErrorId | Should -Be 'NoDiagnosisToReport,AlbTroubleshoot.Commands.ConvertToAlbReportCommand'
    }

    It 'Test-AlbNaclEphemeral warns when the piped input holds no network ACL' {
        $r = Invoke-Captured { [pscustomobject]@{ NetworkAcls = @() } | Test-AlbNaclEphemeral -PeerCidr 10.0.0.0/16 }
        $r.Output | Should -BeNullOrEmpty
        $r.Warnings | Should -BeLike 'The input held no network ACL*'
    }

    It 'Test-AlbTargetReachability warns when a load balancer has no target group' {
        $doc = Get-Content -Raw (Join-Path $samples 'healthy.json') | ConvertFrom-Json
        $doc.DescribeTargetGroups.TargetGroups = @()
        $file = Join-Path $work 'no-target-groups.json'
        $doc | ConvertTo-Json -Depth 30 | Set-Content -Path $file
        $r = Invoke-Captured { Test-AlbTargetReachability -Snapshot $file }
        $r.Output | Should -BeNullOrEmpty
        $r.Warnings | Should -BeLike 'Load balancer shop-prod forwards to no target group*'
    }
}
