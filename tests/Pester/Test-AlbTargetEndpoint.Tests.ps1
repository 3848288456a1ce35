# Test-AlbTargetEndpoint against real targets on 127.0.0.1 (a Python server started here, and .NET
# listeners), standalone and from a snapshot; its errors; Ctrl+C; and the runbook script that runs it
# on an instance (samples/runbooks/Invoke-AlbProbeRunbook.ps1; its Run Command document is tested with
# the other runbooks in Runbooks.Tests.ps1).
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    & (Join-Path $PSScriptRoot '../AlbTroubleshoot.Scenarios/Import-Scenarios.ps1')
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:runbooks = Join-Path $repoRoot 'samples/runbooks'
    $script:servers = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

    # A target: answers 200 (healthCode on /health), keeps connections alive, closes them when idle for
    # idleClose seconds after a response (0: never). Stopped in AfterAll.
    function Start-Target([double] $IdleClose, [int] $HealthCode = 200) {
        $python = @('python3', 'python') | Where-Object { Get-Command $_ -ErrorAction Ignore } | Select-Object -First 1
        $info = [System.Diagnostics.ProcessStartInfo]::new($python)
        foreach ($a in (Join-Path $PSScriptRoot 'Probe/probe_server.py'), $IdleClose.ToString([cultureinfo]::InvariantCulture), "$HealthCode") { $info.ArgumentList.Add($a) }
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $servers.Add($process)
        [int]$process.StandardOutput.ReadLine()
    }

    # A port nothing listens on.
    function Get-ClosedPort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        $port
    }

    # A snapshot of load balancer "web" (idle timeout $IdleSeconds) whose IP target group "api" has the targets 127.0.0.1:$Port,
    # built with the scenario builder: only the sections the probe reads (listeners, target groups, their health, the idle timeout).
    function New-ProbeSnapshot([int[]] $Port, [int] $IdleSeconds, [string] $Name, [string] $TargetId = '127.0.0.1') {
        $b = [AlbTroubleshoot.Scenarios.ScenarioBuilder]::new('probe', 'web', '10.0.0.0/16', $true, $false, '123456789012')
        $b.AddLoadBalancer(@(), @(), 'internal', [ordered]@{ 'idle_timeout.timeout_seconds' = "$IdleSeconds" }, @(), '50dc6c495c0c9188', $false) | Out-Null
        $tg = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/73e2d6bc24d8a067'
        $targets = @($Port | ForEach-Object { [AlbTroubleshoot.Scenarios.ScenarioBuilder]::Target($TargetId, $_, 'healthy', $null, $null, $null) })
        $b.AddTargetGroup($tg, 'api', 'HTTP', $Port[0], 'HTTP1', 'ip', '/health', 'traffic-port', $null, $targets, $null, 30, 5, 0, $null, $false) | Out-Null
        $b.AddListener($b.ListenerArn('l80'), 80, 'HTTP', @($b.ForwardAction($tg))) | Out-Null
        $b.Omit = @('DescribeRules', 'DescribeTargetGroupAttributes', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeSubnets', 'DescribeRouteTables',
            'DescribeNetworkInterfaces', 'DescribeInstances', 'GetManagedPrefixListEntries', 'GetWebACLForResource')
        $path = Join-Path $TestDrive $Name
        $b.Write($path, $null)
        $path
    }

    function Get-Row($Rows, [string] $Check) { @($Rows | Where-Object Check -EQ $Check) | Select-Object -First 1 }
}

AfterAll {
    foreach ($p in $servers) {
        $p.StandardInput.Close()
        if (-not $p.WaitForExit(5000)) { $p.Kill() }
        $p.Dispose()
    }
}

Describe 'Test-AlbTargetEndpoint from a snapshot' {
    BeforeAll {
        $script:earlyClose = Start-Target -IdleClose 0.2
        $script:snapshot = New-ProbeSnapshot -Port $earlyClose -IdleSeconds 2 -Name 'early-close.json'
        $script:rows = @(Test-AlbTargetEndpoint -Snapshot $snapshot -TargetGroupName api -TimeoutSeconds 5)
    }

    It 'writes one EndpointProbeResult per check, named after the load balancer and target group' {
        $rows.Check | Should -Be @('Connect', 'Tls', 'HealthCheck', 'ResponseFormat', 'KeepAlive', 'ProtocolVersion')
        $rows | ForEach-Object { $_ | Should -BeOfType ([AlbTroubleshoot.EndpointProbeResult]) }
        $rows | ForEach-Object { ($_.LoadBalancerName, $_.TargetGroupName, $_.TargetId, $_.Port) | Should -Be @('web', 'api', '127.0.0.1', $earlyClose) }
    }

    It 'measures the target closing idle connections before the snapshot''s idle timeout: 502' {
        $keepAlive = Get-Row $rows 'KeepAlive'
        $keepAlive.Verdict | Should -Be 'Fail'
        $keepAlive.StatusCodes | Should -Be @(502)
        $keepAlive.Cause | Should -Be '502.TargetClosedKeepAliveConnection'
        $keepAlive.MeasuredSeconds | Should -BeLessThan 2
        $keepAlive.Expected | Should -Match 'longer than 2\.0 s'
        (Get-Row $rows 'HealthCheck').Verdict | Should -Be 'Pass'
        (Get-Row $rows 'ResponseFormat').Verdict | Should -Be 'Pass'
    }

    It 'passes a target that outlasts the idle timeout given with -IdleTimeoutSeconds' {
        $patient = Start-Target -IdleClose 0
        $path = New-ProbeSnapshot -Port $patient -IdleSeconds 60 -Name 'patient.json'
        $keepAlive = Get-Row @(Test-AlbTargetEndpoint -Snapshot $path -IdleTimeoutSeconds 1) 'KeepAlive'
        $keepAlive.Verdict | Should -Be 'Pass'
        $keepAlive.Expected | Should -Match '-IdleTimeoutSeconds'
    }

    It 'serializes with strings for values and [] for no status codes' {
        $json = (Get-Row $rows 'Connect') | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.Verdict | Should -Be 'Pass'
        $json.StatusCodes.GetType().IsArray | Should -BeTrue
        @($json.StatusCodes).Count | Should -Be 0
    }

    It 'writes TargetGroupNotFound for a group the load balancer does not have, and probes the rest' {
        $out = @(Test-AlbTargetEndpoint -Snapshot $snapshot -TargetGroupName api, nope -IdleTimeoutSeconds 1 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 6
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'TargetGroupNotFound,AlbTroubleshoot.Commands.TestAlbTargetEndpointCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'closes the probes still running when the pipeline ends early' {
        $silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()   # the system accepts; nothing answers
        try {
            $path = New-ProbeSnapshot -Port (Get-ClosedPort), $silent.LocalEndpoint.Port -IdleSeconds 600 -Name 'two-targets.json'
            # The refused target's first row ends the pipeline; the silent one would keep its connections for 60 s.
            $first = Test-AlbTargetEndpoint -Snapshot $path -TimeoutSeconds 60 | Select-Object -First 1
            $first.Check | Should -Be 'Connect'
            $client = $silent.AcceptTcpClient()
            $stream = $client.GetStream()
            $stream.ReadTimeout = 10000
            $buffer = [byte[]]::new(4096)
            # Whatever the probe sent is read, then the close: 0 bytes (an IOException would mean still open).
            while (($n = $stream.Read($buffer, 0, $buffer.Length)) -gt 0) { }
            $n | Should -Be 0
            $client.Dispose()
        }
        finally { $silent.Stop() }
    }

    It 'keeps a hostile target ID in the object and shows it without raw control characters' {
        $e = [char]27
        $hostile = "10.0.1.15$e[2J$e]0;pwned$([char]7)$([char]0x202e)"
        $path = New-ProbeSnapshot -Port 8080 -IdleSeconds 1 -Name 'hostile.json' -TargetId $hostile
        $row = Test-AlbTargetEndpoint -Snapshot $path
        ($row.TargetId, $row.Verdict) | Should -Be @($hostile, 'Unknown')   # not an IP address: nothing was contacted
        # Rendered as a terminal receives it, PowerShell's own decorations off: any ESC left came from the data.
        $savedRendering = $PSStyle.OutputRendering
        $savedFormatting = @{}
        try {
            $PSStyle.OutputRendering = 'Ansi'
            foreach ($p in 'TableHeader', 'FormatAccent', 'CustomTableHeaderLabel') { $savedFormatting[$p] = $PSStyle.Formatting.$p; $PSStyle.Formatting.$p = '' }
            $rendered = ($row | Out-String -Width 250).Replace("$e[0m", '')
        }
        finally {
            $PSStyle.OutputRendering = $savedRendering
            foreach ($p in $savedFormatting.Keys) { $PSStyle.Formatting.$p = $savedFormatting[$p] }
        }
        $rendered | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E]'
        $rendered | Should -Match ([regex]::Escape("10.0.1.15$([char]0x241B)[2J"))
    }

    It 'refuses a -RequestPath that could add a header, before contacting anything' {
        { Test-AlbTargetEndpoint -Snapshot $snapshot -RequestPath "/x`r`nX-Injected: 1" } |
            Should -Throw -ErrorId 'InvalidProbePath,AlbTroubleshoot.Commands.TestAlbTargetEndpointCommand'
    }
}

Describe 'Test-AlbTargetEndpoint -Address' {
    It 'fails the health check on a 404 and passes it with a matcher that accepts 404' {
        $port = Start-Target -IdleClose 0.1 -HealthCode 404
        $failed = Get-Row @(Test-AlbTargetEndpoint -Address 127.0.0.1 -Port $port -HealthCheckPath /health) 'HealthCheck'
        $failed.Verdict | Should -Be 'Fail'
        $failed.Measured | Should -Match '^HTTP 404 .*Target\.ResponseCodeMismatch'
        (Get-Row @(Test-AlbTargetEndpoint -Address 127.0.0.1 -Port $port -HealthCheckPath /health -Matcher 200-499) 'HealthCheck').Verdict | Should -Be 'Pass'
    }

    It 'says a refused connection is the 502 case and skips what needs a connection' {
        $rows = @(Test-AlbTargetEndpoint -Address 127.0.0.1 -Port (Get-ClosedPort))
        (Get-Row $rows 'Connect').Verdict | Should -Be 'Fail'
        (Get-Row $rows 'Connect').StatusCodes | Should -Be @(502)
        (Get-Row $rows 'KeepAlive').Verdict | Should -Be 'Skipped'
    }

    It 'stops with <ErrorId> for <Case>' -ForEach @(
        @{ Case = 'an address with a space'; Arguments = @{ Address = 'evil host'; Port = 80 }; ErrorId = 'InvalidProbeAddress' }
        @{ Case = 'an address with a port'; Arguments = @{ Address = '10.0.0.1:80'; Port = 80 }; ErrorId = 'InvalidProbeAddress' }
        @{ Case = 'a health path with CR LF'; Arguments = @{ Address = '127.0.0.1'; Port = 80; HealthCheckPath = "/x`r`nX-Injected: 1" }; ErrorId = 'InvalidProbePath' }
        @{ Case = 'a health path without /'; Arguments = @{ Address = '127.0.0.1'; Port = 80; HealthCheckPath = 'health' }; ErrorId = 'InvalidProbePath' }
        @{ Case = 'a matcher that is no code'; Arguments = @{ Address = '127.0.0.1'; Port = 80; Matcher = 'ok' }; ErrorId = 'InvalidProbeMatcher' }
    ) {
        $err = $null
        try { Test-AlbTargetEndpoint @Arguments -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,AlbTroubleshoot.Commands.TestAlbTargetEndpointCommand"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Not -Match "[`r`n]"
    }

    It 'stops at once on Ctrl+C while it waits on a silent target, and reports progress before' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()   # the system accepts; nothing ever answers
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:ALBTROUBLESHOOT_MANIFEST).AddStatement()
            $null = $ps.AddCommand('Test-AlbTargetEndpoint').AddParameter('Address', '127.0.0.1').AddParameter('Port', $listener.LocalEndpoint.Port).
                AddParameter('TimeoutSeconds', 60).AddParameter('IdleTimeoutSeconds', 600)
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ($ps.Streams.Progress.Count -eq 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            @($ps.Streams.Progress | Where-Object Activity -EQ 'Probing targets').Count | Should -BeGreaterThan 0
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $async.AsyncWaitHandle.WaitOne(5000) | Should -BeTrue -Because "the invocation ends once stopped (its handle is signalled just after Stop returns)"
        }
        finally {
            $ps.Dispose()
            $listener.Stop()
        }
    }
}

Describe 'The probe runbook (Invoke-AlbProbeRunbook.ps1)' {
    BeforeAll {
        $script:probeRunbook = Join-Path $runbooks 'Invoke-AlbProbeRunbook.ps1'
    }

    It 'returns Pass and exit code 0 for targets that pass, with short Pass rows' {
        $port = Start-Target -IdleClose 0
        $path = New-ProbeSnapshot -Port $port -IdleSeconds 1 -Name 'runbook-pass.json'
        $result = & $probeRunbook -ModulePath $env:ALBTROUBLESHOOT_MANIFEST -SnapshotPath $path -TargetGroupName api -PassThru
        $result.Status | Should -Be 'Pass'
        $result.ExitCode | Should -Be 0
        $result.Targets | Should -Be 1
        $result.Counts.Pass | Should -Be 5
        ($result.Rows | Where-Object Verdict -EQ 'Pass' | Select-Object -First 1).Keys | Should -Not -Contain 'Explanation'
    }

    It 'returns Error and exit code 2 with the reason when the module cannot be loaded' {
        $result = & $probeRunbook -ModulePath (Join-Path $TestDrive 'nowhere/AlbTroubleshoot.psd1') -Address 127.0.0.1 -Port 80 -PassThru
        $result.Status | Should -Be 'Error'
        $result.ExitCode | Should -Be 2
        $result.Message | Should -Match 'nowhere'
    }
}

Describe 'Invoke-AlbDiagnosis -Probe and probe rows piped to Get-AlbErrorCause' {
    BeforeAll {
        $script:early = Start-Target -IdleClose 0.2
        $script:earlySnapshot = New-ProbeSnapshot -Port $early -IdleSeconds 1 -Name 'diagnosis-early.json'
        $script:withProbe = Invoke-AlbDiagnosis -Snapshot $earlySnapshot -Probe
        $script:withoutProbe = Invoke-AlbDiagnosis -Snapshot $earlySnapshot
    }

    It 'confirms the keep-alive 502 with the measured seconds and keeps the rows' {
        $keepAlive = $withProbe.Findings | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection'
        $keepAlive.Verdict | Should -Be 'Confirmed'
        $keepAlive.Evidence[0] | Should -Match "^Test-AlbTargetEndpoint: api: 127\.0\.0\.1 \(127\.0\.0\.1:$early\) KeepAlive Fail: closed \(FIN\) after 0\.\d+ s"
        ($withoutProbe.Findings | Where-Object Id -EQ '502.TargetClosedKeepAliveConnection').Verdict | Should -Not -Be 'Confirmed'
        $withProbe.Probe.Check | Should -Be @('Connect', 'Tls', 'HealthCheck', 'ResponseFormat', 'KeepAlive', 'ProtocolVersion')
        $withProbe.Status | Should -Be 'Problems'
        @($withoutProbe.Probe).Count | Should -Be 0
    }

    It 'changes no other verdict' {
        $before = @{}; foreach ($f in $withoutProbe.Findings) { $before[$f.Id] = $f.Verdict }
        @($withProbe.Findings | Where-Object { $before[$_.Id] -ne $_.Verdict }).Id | Should -Be @('502.TargetClosedKeepAliveConnection')
    }

    It 'weighs rows piped with -Snapshot the same way' {
        $cause = Test-AlbTargetEndpoint -Snapshot $earlySnapshot -TimeoutSeconds 5 | Get-AlbErrorCause -Snapshot $earlySnapshot 502 |
            Where-Object Id -EQ '502.TargetClosedKeepAliveConnection'
        $cause.Verdict | Should -Be 'Confirmed'
        $cause.CheckedBy | Should -Be 'Test-AlbTargetEndpoint'
    }

    It 'warns and diagnoses without a probe when there is no target to probe' {
        $empty = New-ProbeSnapshot -Port 8080 -IdleSeconds 1 -Name 'diagnosis-empty.json'
        $json = Get-Content $empty -Raw | ConvertFrom-Json -AsHashtable
        foreach ($k in @($json.DescribeTargetHealth.Keys)) { $json.DescribeTargetHealth[$k].TargetHealthDescriptions = @() }
        $json | ConvertTo-Json -Depth 10 | Set-Content -Path $empty -Encoding utf8
        $d = Invoke-AlbDiagnosis -Snapshot $empty -Probe -WarningVariable warnings -WarningAction SilentlyContinue
        $d | Should -Not -BeNullOrEmpty
        @($d.Probe).Count | Should -Be 0
        $warnings -join "`n" | Should -Match 'web has no registered target to probe'
    }
}
