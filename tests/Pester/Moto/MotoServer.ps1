<#
.SYNOPSIS
    Test harness: starts a private moto server (the AWS emulator) on a free loopback port, builds a
    scenario in it through real API calls, and stops it. Dot-source it in BeforeAll; call
    Stop-MotoServer in AfterAll. One server per test file keeps the suite fast.
#>

function Get-FreeTcpPort {
    # Port 0 makes the OS pick a free port; release it right away for moto to take.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-MotoServer {
    [CmdletBinding()]
    param([int] $TimeoutSeconds = 30)
    $python = (Get-Command python3, python -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    if (-not $python) { throw 'The tests need python3 with the moto package (pip install "moto[server]").' }
    $port = Get-FreeTcpPort
    $log = Join-Path ([IO.Path]::GetTempPath()) "moto-$port.log"
    $psi = [System.Diagnostics.ProcessStartInfo]::new($python)
    foreach ($a in '-m', 'moto.server', '-H', '127.0.0.1', '-p', "$port") { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    # Drain the server's output so it never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    $endpoint = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        if ($process.HasExited) { throw "moto server exited early (exit code $($process.ExitCode))." }
        try {
            $null = Invoke-WebRequest -Uri "$endpoint/moto-api/" -TimeoutSec 2 -UseBasicParsing
            break
        }
        catch {
            if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw "moto server did not answer on $endpoint within $TimeoutSeconds s." }
            Start-Sleep -Milliseconds 200
        }
    }
    [pscustomobject]@{ Process = $process; Port = $port; EndpointUrl = $endpoint; Log = $log }
}

function Stop-MotoServer {
    param($Server)
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $null = $Server.Process.WaitForExit(5000)
    }
}

function New-MotoScenario {
    # Builds the 'web' scenario (see New-MotoScenario.py) and returns its IDs and ARNs.
    param([Parameter(Mandatory)] $Server)
    $python = (Get-Command python3, python -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    $json = & $python (Join-Path $PSScriptRoot 'New-MotoScenario.py') $Server.EndpointUrl
    if ($LASTEXITCODE -ne 0) { throw "Building the moto scenario failed (exit code $LASTEXITCODE)." }
    $json -join "`n" | ConvertFrom-Json
}

function Save-Environment {
    # The current values of these environment variables (null when unset), for Restore-Environment.
    param([string[]] $Name = @('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_SESSION_TOKEN'))
    $saved = @{}
    foreach ($n in $Name) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
    $saved
}

function Restore-Environment([hashtable] $Saved) {
    # Exactly: a variable that was not set must not come back as an empty string
    # (an empty AWS_PROFILE breaks every later boto/CLI call in this process).
    foreach ($n in $Saved.Keys) {
        if ($null -eq $Saved[$n]) { Remove-Item "Env:$n" -ErrorAction Ignore }
        else { Set-Item "Env:$n" -Value $Saved[$n] }
    }
}

function Invoke-MotoAws {
    # The aws CLI against the moto server, JSON out; throws when the call fails.
    param([Parameter(Mandatory)] $Server, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & aws --region us-east-1 --endpoint-url $Server.EndpointUrl --output json @Arguments
    if ($LASTEXITCODE -ne 0) { throw "aws $Arguments failed" }
}

function Set-MotoCredential {
    # moto accepts any keys; these dummy ones keep the CLI and the SDK from looking for real ones.
    $env:AWS_ACCESS_KEY_ID = 'testing'
    $env:AWS_SECRET_ACCESS_KEY = 'testing'
    $env:AWS_DEFAULT_REGION = 'us-east-1'
    Remove-Item Env:AWS_PROFILE, Env:AWS_SESSION_TOKEN -ErrorAction Ignore
}

function Start-FakeEndpoint {
    # A listener that must receive nothing: it records each connection in a file and closes it at
    # once (so a client sent there fails fast instead of waiting for an answer).
    $python = (Get-Command python3, python -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    $hits = Join-Path ([IO.Path]::GetTempPath()) "albt-fake-$([guid]::NewGuid().ToString('n')).log"
    $code = 'import socket, sys' + "`n" +
        's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16); print(s.getsockname()[1], flush=True)' + "`n" +
        'while True:' + "`n" +
        '    c, _ = s.accept(); open(sys.argv[1], "a").write("hit\n"); c.close()'
    $psi = [System.Diagnostics.ProcessStartInfo]::new($python)
    foreach ($a in '-c', $code, $hits) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $port = [int]$process.StandardOutput.ReadLine()
    [pscustomobject]@{ Process = $process; Port = $port; Url = "http://127.0.0.1:$port/"; HitsFile = $hits }
}

function Get-FakeEndpointHit([Parameter(Mandatory)] $Fake) {
    if (Test-Path $Fake.HitsFile) { @(Get-Content $Fake.HitsFile).Count } else { 0 }
}

function Stop-FakeEndpoint($Fake) {
    if ($Fake -and -not $Fake.Process.HasExited) { $Fake.Process.Kill(); $null = $Fake.Process.WaitForExit(5000) }
    if ($Fake) { Remove-Item $Fake.HitsFile -ErrorAction Ignore }
}
