<#
.SYNOPSIS
    Probes an Application Load Balancer's targets from where it runs (Test-AlbTargetEndpoint) and ends
    with an exit code a scheduler can act on; the rows come back as JSON on standard output.
.DESCRIPTION
    Meant for an instance in one of the load balancer's subnets, reached through Systems Manager Run
    Command (AlbProbe-RunCommand.yaml, docs/probe.md): from there the probe's connections cross the
    same security groups, network ACLs and routes as the load balancer's.

    Three ways to run it:
      -LoadBalancerName  live: the load balancer's targets and settings are collected (read-only) through
                         AWS Tools for PowerShell or the AWS CLI, with the instance profile's credentials.
      -SnapshotPath      from a snapshot file copied to the instance.
      -Address / -Port   one target, no AWS access needed.

    Exit codes (the last line of the script, always explicit):
      0  Pass     every check passed (or did not apply)
      1  Fail     at least one check failed: the rows say which target, what was measured, and the ALB code
      2  Unknown  no Fail, but a Warning or Unknown left something undecided; or the script itself failed
    Never 3010 or 194: the Systems Manager agent reads those as "reboot the instance and run again".

    Run Command keeps the first 24,000 characters of standard output: the rows that are not Pass come
    first and carry their explanation, Pass rows are one short line each, and -MaxRows caps them all
    (the count of the others is reported). Send the output to S3 for more.
.PARAMETER LoadBalancerName
    The load balancer whose targets to probe (live).
.PARAMETER Region
    AWS Region for the live collection; the instance's Region otherwise.
.PARAMETER EndpointUrl
    An AWS endpoint to call instead of the public one (a VPC endpoint, or a local emulator in tests).
.PARAMETER SnapshotPath
    A snapshot file to take the targets and settings from.
.PARAMETER Address
    One target's IP address or host name (with -Port), without AWS.
.PARAMETER Port
    The traffic port of -Address.
.PARAMETER Protocol
    HTTP or HTTPS, for -Address.
.PARAMETER HealthCheckPath
    The health-check path, for -Address.
.PARAMETER TargetGroupName
    Only the targets of these target groups.
.PARAMETER IdleTimeoutSeconds
    The idle timeout the keep-alive check compares with; 0 (default) takes the load balancer's (else 60).
.PARAMETER TimeoutSeconds
    Bounds each step of the probe (connect, handshake, response).
.PARAMETER ModulePath
    Where AlbTroubleshoot is: a module name (default, found on PSModulePath) or the path of its manifest.
.PARAMETER OutputFormat
    Json (default) or Text.
.PARAMETER MaxRows
    At most this many rows in the output, the ones that are not Pass first.
.PARAMETER PassThru
    Return the result as an object instead of printing it and exiting.
.EXAMPLE
    ./Invoke-AlbProbeRunbook.ps1 -LoadBalancerName shop-prod -TargetGroupName shop-api
.EXAMPLE
    ./Invoke-AlbProbeRunbook.ps1 -Address 10.0.1.15 -Port 8080 -HealthCheckPath /health -OutputFormat Text; $LASTEXITCODE
#>
[CmdletBinding(DefaultParameterSetName = 'Live')]
param(
    [Parameter(ParameterSetName = 'Live')]
    [string] $LoadBalancerName,

    [Parameter(ParameterSetName = 'Live')]
    [string] $Region,

    [Parameter(ParameterSetName = 'Live')]
    [string] $EndpointUrl,

    [Parameter(Mandatory = $true, ParameterSetName = 'Snapshot')]
    [string] $SnapshotPath,

    [Parameter(Mandatory = $true, ParameterSetName = 'Address')]
    [string] $Address,

    [Parameter(Mandatory = $true, ParameterSetName = 'Address')]
    [int] $Port,

    [Parameter(ParameterSetName = 'Address')]
    [ValidateSet('HTTP', 'HTTPS')]
    [string] $Protocol = 'HTTP',

    [Parameter(ParameterSetName = 'Address')]
    [string] $HealthCheckPath = '/',

    [Parameter(ParameterSetName = 'Live')]
    [Parameter(ParameterSetName = 'Snapshot')]
    [string[]] $TargetGroupName,

    [ValidateRange(0, 4000)]
    [int] $IdleTimeoutSeconds = 0,

    [ValidateRange(1, 120)]
    [int] $TimeoutSeconds = 10,

    [string] $ModulePath = 'AlbTroubleshoot',

    [ValidateSet('Json', 'Text')]
    [string] $OutputFormat = 'Json',

    [ValidateRange(1, 1000)]
    [int] $MaxRows = 40,

    [switch] $PassThru
)

# Windows PowerShell 5.1 compatible on purpose: no ternary, no ?? or ?., no && or ||.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2

$ExitCodes = @{ Pass = 0; Fail = 1; Unknown = 2; Error = 2 }
$VerdictRank = @{ Fail = 0; Warning = 1; Unknown = 2; Skipped = 3; Pass = 4 }

function Get-ProbeParameter {
    $p = @{ TimeoutSeconds = $TimeoutSeconds }
    if ($IdleTimeoutSeconds -gt 0) { $p.IdleTimeoutSeconds = $IdleTimeoutSeconds }
    if ($TargetGroupName) { $p.TargetGroupName = $TargetGroupName }
    switch ($PSCmdlet.ParameterSetName) {
        'Address' {
            $p.Address = $Address
            $p.Port = $Port
            $p.Protocol = $Protocol
            $p.HealthCheckPath = $HealthCheckPath
        }
        'Snapshot' { $p.Snapshot = (Resolve-Path -LiteralPath $SnapshotPath).ProviderPath }
        default {
            if (-not $LoadBalancerName) { throw 'Say what to probe: -LoadBalancerName (or -SnapshotPath, or -Address and -Port).' }
            $p.Name = $LoadBalancerName
            if ($Region) { $p.Region = $Region }
            if ($EndpointUrl) { $p.EndpointUrl = $EndpointUrl }
        }
    }
    $p
}

function ConvertTo-Row($Result) {
    $row = [ordered]@{
        TargetGroupName = $Result.TargetGroupName
        TargetId        = $Result.TargetId
        Address         = $Result.Address
        Port            = $Result.Port
        Check           = $Result.Check
        Verdict         = $Result.Verdict
        Measured        = $Result.Measured
        MeasuredSeconds = $Result.MeasuredSeconds
        StatusCodes     = @($Result.StatusCodes)
        Cause           = $Result.Cause
    }
    # Pass rows stay short so that the ones that matter fit in Run Command's output.
    if ($Result.Verdict -ne 'Pass') {
        $row.Expected = $Result.Expected
        $row.Explanation = $Result.Explanation
    }
    $row
}

function Get-ProbeResult {
    $parameters = Get-ProbeParameter
    $results = @(Test-AlbTargetEndpoint @parameters)
    if ($results.Count -eq 0) { throw 'Test-AlbTargetEndpoint returned nothing: no target matched.' }
    $verdicts = @($results | ForEach-Object { [string]$_.Verdict })
    $status = 'Pass'
    if (($verdicts -contains 'Warning') -or ($verdicts -contains 'Unknown')) { $status = 'Unknown' }
    if ($verdicts -contains 'Fail') { $status = 'Fail' }
    # Worst first; within a verdict, the probe's own order (Sort-Object is not stable in 5.1).
    $order = for ($i = 0; $i -lt $results.Count; $i++) { [pscustomobject]@{ Rank = $VerdictRank[[string]$results[$i].Verdict]; Index = $i } }
    $shown = @($order | Sort-Object Rank, Index | Select-Object -First $MaxRows | ForEach-Object { ConvertTo-Row $results[$_.Index] })
    $counts = [ordered]@{}
    foreach ($v in 'Fail', 'Warning', 'Unknown', 'Skipped', 'Pass') { $counts[$v] = @($verdicts | Where-Object { $_ -eq $v }).Count }
    [ordered]@{
        Status  = $status
        Targets = @($results | ForEach-Object { "$($_.TargetGroupName)/$($_.TargetId)" } | Select-Object -Unique).Count
        Counts  = $counts
        Rows    = $shown
        Omitted = $results.Count - $shown.Count
    }
}

function Format-Text($Result) {
    "Status: $($Result.Status) (exit code $($Result.ExitCode))"
    if ($Result.Contains('Message')) { "Error: $($Result.Message)" }
    if ($Result.Contains('Rows')) {
        foreach ($r in $Result.Rows) {
            "[$($r.Verdict)] $($r.TargetGroupName) $($r.TargetId):$($r.Port) $($r.Check): $($r.Measured)"
            if ($r.Contains('Explanation')) { "      $($r.Explanation)" }
        }
        if ($Result.Omitted -gt 0) { "... and $($Result.Omitted) more rows" }
    }
}

try {
    # A path is taken relative to the current folder; a bare name is looked up on PSModulePath.
    if (Test-Path -LiteralPath $ModulePath) { $ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }
    Import-Module $ModulePath -ErrorAction Stop
    $result = Get-ProbeResult
}
catch {
    # One line a person can act on; the stable error ID for alerts.
    $result = [ordered]@{ Status = 'Error'; Message = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId }
}
$result.ExitCode = $ExitCodes[$result.Status]

if ($PassThru) { return $result }
if ($OutputFormat -eq 'Text') { Format-Text $result | Write-Output }
else { $result | ConvertTo-Json -Depth 6 | Write-Output }
exit $result.ExitCode
