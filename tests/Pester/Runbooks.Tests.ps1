# The runbook samples in samples/runbooks/ (docs/runbooks.md): they parse, stay Windows PowerShell 5.1
# compatible, map results to the documented exit codes, never leak a secret, and pack as the platforms need.
BeforeDiscovery {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:noDiagnosis = -not (Get-Command Invoke-AlbDiagnosis -ErrorAction Ignore)
    # The seed samples with an unambiguous status, and the exit code a runbook must end with for each.
    $script:sampleRuns = @(
        @{ Sample = 'healthy.json'; ExitCode = 0; Status = 'Healthy' }
        @{ Sample = '502-target-sg.json'; ExitCode = 1; Status = 'Problems' }
        @{ Sample = '503-empty-target-group.json'; ExitCode = 1; Status = 'Problems' }
        @{ Sample = '504-nacl-ephemeral.json'; ExitCode = 1; Status = 'Problems' }
        @{ Sample = '464-grpc.json'; ExitCode = 1; Status = 'Problems' }
        @{ Sample = 'unknown-missing-sections.json'; ExitCode = 2; Status = 'Unknown' })
}

BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:runbooks = Join-Path $repoRoot 'samples/runbooks'
    $script:runbook = Join-Path $runbooks 'Invoke-AlbRunbook.ps1'

    # A fresh pwsh, as Run Command starts one: returns its exit code and everything it printed.
    function Invoke-Pwsh {
        param([string[]] $Arguments, [hashtable] $Environment = @{})
        $exe = [Environment]::ProcessPath
        $all = @('-NoProfile', '-NonInteractive') + $Arguments
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $all = @((Join-Path $PSHOME 'pwsh.dll')) + $all }
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try { $output = & $exe @all 2>&1 | ForEach-Object { "$_" } }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
    }
    function Invoke-Runbook([string[]] $Arguments) {
        Invoke-Pwsh (@('-File', $runbook, '-ModulePath', $env:ALBTROUBLESHOOT_MANIFEST) + $Arguments)
    }

    # The PowerShell embedded in the Run Command parameters and in the documents' YAML (the Automation
    # document's Script: block, the Command document's runCommand: - | block).
    function Get-EmbeddedScript([string] $Name) {
        switch -Wildcard ($Name) {
            'run-command-parameters.json' { (Get-Content -Raw (Join-Path $runbooks $Name) | ConvertFrom-Json).commands -join "`n" }
            '*.yaml' {
                $lines = Get-Content (Join-Path $runbooks $Name)
                $start = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match '^\s+(Script: |- )\|-?\s*$' })
                $indent = ($lines[$start + 1] -replace '^(\s*).*$', '$1').Length
                $body = foreach ($l in $lines[($start + 1)..($lines.Count - 1)]) {
                    if ($l.Trim() -and (($l -replace '^(\s*).*$', '$1').Length -lt $indent)) { break }
                    if ($l.Length -ge $indent) { $l.Substring($indent) } else { '' }
                }
                $body -join "`n"
            }
        }
    }

    # Syntax errors, and constructs Windows PowerShell 5.1 does not have.
    function Get-ScriptProblem([string] $Text) {
        $tokens = $null; $errors = $null
        $ast = [Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        foreach ($e in $errors) { "line $($e.Extent.StartLineNumber): $($e.Message)" }
        $newer = $ast.FindAll({
                param($n)
                $n.GetType().Name -in 'TernaryExpressionAst', 'PipelineChainAst' -or
                ($n -is [Management.Automation.Language.BinaryExpressionAst] -and $n.Operator -eq 'QuestionQuestion') -or
                ($n -is [Management.Automation.Language.AssignmentStatementAst] -and $n.Operator -eq 'QuestionQuestionEquals') -or
                ($n -is [Management.Automation.Language.MemberExpressionAst] -and $n.NullConditional)
            }, $true)
        foreach ($n in $newer) { "line $($n.Extent.StartLineNumber): '$($n.Extent.Text)' needs PowerShell 7" }
        $parallel = $ast.FindAll({ param($n) $n -is [Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -eq 'Parallel' }, $true)
        foreach ($n in $parallel) { "line $($n.Extent.StartLineNumber): -Parallel needs PowerShell 7" }
        # exit 3010 / 194 make the Systems Manager agent reboot the instance and run the script again.
        $exits = $ast.FindAll({ param($n) $n -is [Management.Automation.Language.ExitStatementAst] -and $n.Pipeline -and $n.Pipeline.Extent.Text -match '\b(3010|194)\b' }, $true)
        foreach ($n in $exits) { "line $($n.Extent.StartLineNumber): '$($n.Extent.Text)' is a reboot code for the SSM agent" }
    }
}

Describe 'Runbook scripts: <Name>' -ForEach @(
    @{ Name = 'Invoke-AlbRunbook.ps1' }, @{ Name = 'New-AlbRunbookPackage.ps1' },
    @{ Name = 'run-command-parameters.json' }, @{ Name = 'AlbDiagnosis-Automation.yaml' },
    @{ Name = 'Invoke-AlbProbeRunbook.ps1' }, @{ Name = 'AlbProbe-RunCommand.yaml' }) {

    It 'parses, and uses nothing Windows PowerShell 5.1 lacks' {
        $text = if ($Name -like '*.ps1') { Get-Content -Raw (Join-Path $runbooks $Name) } else { Get-EmbeddedScript $Name }
        $text | Should -Not -BeNullOrEmpty
        (Get-ScriptProblem $text) -join "`n" | Should -BeNullOrEmpty
    }
}

Describe 'The 5.1 check' {
    It 'finds what it looks for' {
        $problems = (Get-ScriptProblem "`$a = `$b ?? 1`n`$c = `$d ? 1 : 2`ngit pull && exit 1`nexit 3010`n`${x}?.y`n1..3 | ForEach-Object -Parallel { `$_ }`n`$a = (") -join "`n"
        foreach ($expected in "'\`$b \?\? 1'", "'\`$d \? 1 : 2'", 'git pull && exit 1', "line 4: 'exit 3010' is a reboot code", '\?\.y', '-Parallel', 'line 7') {
            $problems | Should -Match $expected
        }
    }
}

Describe 'Run Command parameters' {
    It 'end with an explicit exit of the script''s exit code' {
        $commands = (Get-Content -Raw (Join-Path $runbooks 'run-command-parameters.json') | ConvertFrom-Json).commands
        $commands[-1] | Should -Be 'exit $LASTEXITCODE'
        ($commands -join "`n") | Should -Match 'Invoke-AlbRunbook\.ps1'
    }
}

Describe 'Invoke-AlbRunbook.ps1' {
    It 'lists the causes of a code with -CatalogOnly and exits 0' {
        $r = Invoke-Runbook '-CatalogOnly', '-StatusCode', '502'
        $r.ExitCode | Should -Be 0
        $json = $r.Output | ConvertFrom-Json
        $json.Status | Should -Be 'Catalog'
        $json.StatusReason | Should -Match '502'
        $json.PSObject.Properties.Name | Should -Contain 'MissingSections'
        $json.ExitCode | Should -Be 0
        @($json.Causes).Count | Should -BeGreaterThan 0
        $json.Causes.StatusCode | Sort-Object -Unique | Should -Be 502
        $json.Causes.Id | Should -Be @(Get-AlbErrorCause 502 | Select-Object -First 20).Id
    }

    It 'caps the output at -MaxFindings and counts the rest' {
        $all = @(Get-AlbErrorCause 5XX).Count
        $r = Invoke-Runbook '-CatalogOnly', '-StatusCode', '5XX', '-MaxFindings', '1'
        $json = $r.Output | ConvertFrom-Json
        @($json.Causes).Count | Should -Be 1
        $json.Omitted | Should -Be ($all - 1)
    }

    It 'exits 2 with the error and its ID for a code that is no error, in text too' {
        $r = Invoke-Runbook '-CatalogOnly', '-StatusCode', '200', '-OutputFormat', 'Text'
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'Status: Error \(exit code 2\)'
        $r.Output | Should -Match '200'
        $json = (Invoke-Runbook '-CatalogOnly', '-StatusCode', '200').Output | ConvertFrom-Json
        $json.ErrorId | Should -Match '^UnknownStatusCode'
        $json.StatusReason | Should -Be $json.Message
    }

    It 'exits 2 when the module cannot be loaded, naming it' {
        $r = Invoke-Pwsh '-File', $runbook, '-ModulePath', (Join-Path $TestDrive 'nowhere/AlbTroubleshoot.psd1'), '-CatalogOnly', '-StatusCode', '502'
        $r.ExitCode | Should -Be 2
        ($r.Output | ConvertFrom-Json).Message | Should -Match 'nowhere'
    }

    It 'exits 2 for a snapshot file that does not exist, naming it' {
        $missing = Join-Path $TestDrive 'no-such-snapshot.json'
        $r = Invoke-Runbook '-SnapshotPath', $missing
        $r.ExitCode | Should -Be 2
        ($r.Output | ConvertFrom-Json).Message | Should -Match 'no-such-snapshot\.json'
    }

    It 'exits 2 when no load balancer is named' {
        $r = Invoke-Runbook @()
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Match 'LoadBalancerName'
    }

    It 'returns the result instead of exiting with -PassThru' {
        $result = & $runbook -ModulePath $env:ALBTROUBLESHOOT_MANIFEST -CatalogOnly -StatusCode 503 -PassThru
        $result.Status | Should -Be 'Catalog'
        $result.ExitCode | Should -Be 0
        $result.Causes[0].StatusCode | Should -Be 503
    }

    It 'throws after printing with -ThrowOnProblems, so Azure marks the job Failed' {
        $r = Invoke-Runbook '-CatalogOnly', '-StatusCode', '200', '-ThrowOnProblems'
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match '"Status": "Error"'
        $r.Output | Should -Match 'AlbTroubleshoot: status Error \(exit code 2\)'
        (Invoke-Runbook '-CatalogOnly', '-StatusCode', '502', '-ThrowOnProblems').ExitCode | Should -Be 0
    }

    It 'ranks, filters and caps findings, and the worst status of several load balancers decides the exit code' {
        # A stand-in for Invoke-AlbDiagnosis (a function wins over a cmdlet of the same name), so that the
        # script's own handling is tested whatever the engine finds.
        $wrapper = Join-Path $TestDrive 'diagnosis-standin.ps1'
        @"
function Invoke-AlbDiagnosis([string] `$Snapshot, [string[]] `$StatusCode) {
    if (-not (Test-Path -LiteralPath `$Snapshot)) { throw "snapshot not passed as a full path: `$Snapshot" }
    if ((`$StatusCode -join ',') -ne '502,504') { throw "status codes not passed through: `$StatusCode" }
    `$verdicts = @('RuledOut', 'Possible', 'NotApplicable', 'Confirmed', 'Unknown', 'Likely') * 5
    `$findings = for (`$i = 0; `$i -lt `$verdicts.Count; `$i++) {
        [pscustomobject]@{ StatusCode = 502; Id = "502.Cause`$i"; Verdict = `$verdicts[`$i]; Title = 't'; Evidence = @("sg-`$i"); Remediation = 'r'; Reference = 'https://docs.aws.amazon.com/' }
    }
    [pscustomobject]@{ LoadBalancerName = 'calm'; LoadBalancerArn = 'arn:calm'; Status = 'Healthy'; StatusReason = 'calm reason'; MissingSections = @(); Findings = @() }
    [pscustomobject]@{ LoadBalancerName = 'web'; LoadBalancerArn = 'arn:web'; Status = 'Problems'; StatusReason = 'web reason'; MissingSections = @('DescribeNetworkAcls'); Findings = `$findings }
}
& '$runbook' -ModulePath '$env:ALBTROUBLESHOOT_MANIFEST' -SnapshotPath '$(Join-Path $repoRoot 'samples/healthy.json')' -StatusCode 502, 504 -MaxFindings 12
exit `$LASTEXITCODE
"@ | Set-Content -Path $wrapper
        $r = Invoke-Pwsh -Arguments '-File', $wrapper
        $r.ExitCode | Should -Be 1 -Because $r.Output
        $json = $r.Output | ConvertFrom-Json
        $json.Status | Should -Be 'Problems'
        $json.StatusReason | Should -Be 'web: web reason'   # only the load balancers that decided the status
        $json.MissingSections | Should -Be @('DescribeNetworkAcls')
        $json.LoadBalancers.LoadBalancerName | Should -Be @('calm', 'web')
        $json.LoadBalancers.StatusReason | Should -Be @('calm reason', 'web reason')
        $web = $json.LoadBalancers[1]
        # Unknown before Possible: it needs a person.
        $web.Findings.Verdict | Should -Be (@('Confirmed') * 5 + @('Likely') * 5 + @('Unknown') * 2)
        $web.Omitted | Should -Be (20 - 12)
        @($web.Findings[0].Evidence) | Should -Be @('sg-3')
    }

    It 'reads the Azure Automation credential asset and never prints the secret' {
        # Get-AutomationPSCredential exists only inside Azure Automation: a stand-in defines it.
        $secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
        $wrapper = Join-Path $TestDrive 'azure-job.ps1'
        @"
function Get-AutomationPSCredential([string] `$Name) {
    if (`$Name -ne 'AwsAlbDiagnosis') { throw "no credential asset `$Name" }
    [pscredential]::new('AKIAIOSFODNN7EXAMPLE', (ConvertTo-SecureString '$secret' -AsPlainText -Force))
}
& '$runbook' -ModulePath '$env:ALBTROUBLESHOOT_MANIFEST' -LoadBalancerName shop-prod -Region eu-west-1 ``
    -EndpointUrl 'http://127.0.0.1:9' -AutomationCredentialName AwsAlbDiagnosis
exit `$LASTEXITCODE
"@ | Set-Content -Path $wrapper
        # Port 9 (discard) is closed: the live call fails fast, whatever collects the data.
        $r = Invoke-Pwsh -Arguments '-File', $wrapper -Environment @{ AWS_MAX_ATTEMPTS = '1'; AWS_RETRY_MODE = 'standard' }
        $r.ExitCode | Should -Be 2
        $r.Output | Should -Not -Match ([regex]::Escape($secret))
        ($r.Output | ConvertFrom-Json).Status | Should -BeIn 'Error', 'Unknown'
    }
}

Describe 'Runbook packages' {
    BeforeAll {
        $script:packages = Join-Path $TestDrive 'packages'
        $moduleDir = Split-Path $env:ALBTROUBLESHOOT_MANIFEST
        $script:made = @(& (Join-Path $runbooks 'New-AlbRunbookPackage.ps1') -ModuleDirectory $moduleDir -OutputDirectory $packages)
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        function Get-ZipEntry([string] $Path) {
            $zip = [IO.Compression.ZipFile]::OpenRead($Path)
            try { @($zip.Entries.FullName) } finally { $zip.Dispose() }
        }
    }

    It 'names the Azure Automation module zip, its folder and its manifest alike' {
        $made.Name | Should -Be @('AlbTroubleshoot.zip', 'alb-diagnosis.zip')
        $entries = Get-ZipEntry (Join-Path $packages 'AlbTroubleshoot.zip')
        $entries | Should -Contain 'AlbTroubleshoot/AlbTroubleshoot.psd1'
        $entries | Should -Contain 'AlbTroubleshoot/AlbTroubleshoot.psm1'
        $entries | Should -Contain 'AlbTroubleshoot/netstandard2.0/AlbTroubleshoot.dll'
        $entries | Should -Contain 'AlbTroubleshoot/net8.0/AlbTroubleshoot.Core.dll'
        $entries | ForEach-Object { $_ | Should -Match '^AlbTroubleshoot/[^\\]+$' }
    }

    It 'puts the module and the script in the Automation attachment' {
        $entries = Get-ZipEntry (Join-Path $packages 'alb-diagnosis.zip')
        $entries | Should -Contain 'Invoke-AlbRunbook.ps1'
        $entries | Should -Contain 'Invoke-AlbProbeRunbook.ps1'
        $entries | Should -Contain 'AlbTroubleshoot/AlbTroubleshoot.psd1'
    }

    It 'runs the probe Run Command document''s script as the agent does: the package downloaded, the parameters filled in' {
        # aws:downloadContent puts alb-diagnosis.zip under the command's folder; the script step runs from a folder below it.
        $command = Join-Path $TestDrive 'orchestration/command-id'
        $download = New-Item -ItemType Directory -Path (Join-Path $command 'albtroubleshoot-package') -Force
        Copy-Item (Join-Path $packages 'alb-diagnosis.zip') $download
        $step = New-Item -ItemType Directory -Path (Join-Path $command 'awsrunPowerShellScript/ProbeTargets') -Force
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $script = Get-EmbeddedScript 'AlbProbe-RunCommand.yaml'
        $values = @{ Address = '127.0.0.1'; Port = "$port"; HealthCheckPath = '/'; IdleTimeoutSeconds = '0'; TimeoutSeconds = '5'; LoadBalancerName = ''; Region = ''; TargetGroupName = '' }
        foreach ($k in $values.Keys) { $script = $script.Replace("{{ $k }}", $values[$k]) }
        $script | Should -Not -Match '\{\{'
        Set-Content -Path (Join-Path $step '_script.ps1') -Value $script

        # A refused connection: exit code 1, the failing row first, with its explanation.
        $r = Invoke-Pwsh -Arguments '-Command', "Set-Location '$step'; & ./_script.ps1; exit `$LASTEXITCODE"
        $r.ExitCode | Should -Be 1 -Because $r.Output
        $json = $r.Output | ConvertFrom-Json
        $json.Status | Should -Be 'Fail'
        $json.Rows[0].Check | Should -Be 'Connect'
        $json.Rows[0].StatusCodes | Should -Be @(502)
        $json.Rows[0].Explanation | Should -Not -BeNullOrEmpty
    }

    It 'runs the Automation document''s inline script against the extracted attachment' {
        $work = Join-Path $TestDrive 'execute-script'
        Expand-Archive (Join-Path $packages 'alb-diagnosis.zip') -DestinationPath $work
        Set-Content -Path (Join-Path $work 'inline.ps1') -Value (Get-EmbeddedScript 'AlbDiagnosis-Automation.yaml')
        $payload = '{"Mode":"Catalog","LoadBalancerName":"","StatusCode":["504"],"Region":"eu-west-1"}'
        $r = Invoke-Pwsh -Arguments '-Command', "Set-Location '$work'; & ./inline.ps1 | ConvertTo-Json -Depth 6" -Environment @{ InputPayload = $payload }
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $json = $r.Output | ConvertFrom-Json
        $json.Status | Should -Be 'Catalog'
        $json.ExitCode | Should -Be 0
        $json.Causes.StatusCode | Sort-Object -Unique | Should -Be 504
    }
}

Describe 'Invoke-AlbRunbook.ps1 with access logs' {
    It 'exits 1 for a sound configuration whose access log shows problems' -Skip:$noDiagnosis {
        $r = Invoke-Runbook '-SnapshotPath', (Join-Path $repoRoot 'samples/traffic-only.json'), '-AccessLogPath', (Join-Path $repoRoot 'samples/traffic')
        $r.ExitCode | Should -Be 1 -Because $r.Output
        $json = $r.Output | ConvertFrom-Json
        $json.Status | Should -Be 'Problems'
        $json.LoadBalancers[0].Findings.Id | Should -Contain '504.TargetResponseTimeout'
        # Without the logs the same configuration is Healthy.
        (Invoke-Runbook '-SnapshotPath', (Join-Path $repoRoot 'samples/traffic-only.json')).ExitCode | Should -Be 0
    }
}

Describe 'Invoke-AlbRunbook.ps1 on <Sample> (runs once the module exports Invoke-AlbDiagnosis)' -ForEach $sampleRuns {
    It 'exits <ExitCode> with status <Status>' -Skip:$noDiagnosis {
        $r = Invoke-Runbook '-SnapshotPath', (Join-Path $repoRoot "samples/$Sample")
        $r.ExitCode | Should -Be $ExitCode -Because $r.Output
        $json = $r.Output | ConvertFrom-Json
        $json.Status | Should -Be $Status
        $diagnosis = Invoke-AlbDiagnosis -Snapshot (Join-Path $repoRoot "samples/$Sample")
        $json.StatusReason | Should -Be "$($diagnosis.LoadBalancerName): $($diagnosis.StatusReason)"
        (@($json.MissingSections) -join ',') | Should -Be (@($diagnosis.MissingSections) -join ',')
        if ($Status -eq 'Unknown') { @($json.MissingSections).Count | Should -BeGreaterThan 0 }
        $json.LoadBalancers[0].LoadBalancerName | Should -Be ((Get-Content -Raw (Join-Path $repoRoot "samples/$Sample") | ConvertFrom-Json).DescribeLoadBalancers.LoadBalancers[0].LoadBalancerName)
        if ($Status -eq 'Problems') { @($json.LoadBalancers[0].Findings).Count | Should -BeGreaterThan 0 }
    }
}

Describe 'The probe Run Command document' {
    It 'checks every parameter that reaches the script with an allowedPattern its defaults and sample values pass and a quote fails' {
        $yaml = Get-Content -Raw (Join-Path $runbooks 'AlbProbe-RunCommand.yaml')
        $sample = Get-Content -Raw (Join-Path $runbooks 'probe-parameters.json') | ConvertFrom-Json
        $blocks = [regex]::Matches($yaml, "(?m)^  (\w+):\r?\n((?:    .*\r?\n)+)")
        $blocks.Count | Should -Be 9
        foreach ($b in $blocks) {
            $name = $b.Groups[1].Value
            $pattern = [regex]::Match($b.Groups[2].Value, "allowedPattern: '(.*)'").Groups[1].Value
            $pattern | Should -Not -BeNullOrEmpty -Because "$name reaches a script and needs an allowedPattern"
            if ($b.Groups[2].Value -match "default: '?([^'\r\n]*)'?") { $Matches[1] | Should -Match $pattern -Because "the default of $name" }
            if ($sample.PSObject.Properties.Name -contains $name) { $sample.$name[0] | Should -Match $pattern -Because "the sample value of $name" }
            "it's" | Should -Not -Match $pattern -Because "$name must not let a quote into the script"
        }
    }
}
