<#
.SYNOPSIS
    Diagnoses an Application Load Balancer from a runbook and ends with an exit code a scheduler can act on.
.DESCRIPTION
    One script for Systems Manager Run Command (AWS-RunPowerShellScript: Windows PowerShell 5.1 on Windows,
    pwsh on Linux), Systems Manager Automation (aws:executeScript, with -PassThru) and Azure Automation
    (with -AutomationCredentialName). See docs/runbooks.md.

    Three ways to run it:
      -SnapshotPath      offline, from a snapshot file (docs/snapshot-format.md); for tests and post-mortems.
      -LoadBalancerName  live (or -LoadBalancerArn), through AWS Tools for PowerShell or the AWS CLI, read-only.
      -CatalogOnly       only the documented causes of -StatusCode, with what to check: needs no AWS access.

    Exit codes (the last line of the script, always explicit):
      0  Healthy   (or -CatalogOnly listed the causes)
      1  Problems  (at least one finding says Confirmed or Likely, per Invoke-AlbDiagnosis's Status)
      2  Unknown, or the script itself failed (module missing, no access, bad input)
    Never 3010 or 194: the Systems Manager agent reads those as "reboot the instance and run again".

    Output: one JSON document on standard output (-OutputFormat Json, the default) or a short text report.
    Every result has Status, StatusReason (why, in one sentence per deciding load balancer) and MissingSections
    (the snapshot sections no check could use, e.g. DescribeNetworkAcls when it was denied: what to grant).
    Run Command keeps only the first 24,000 characters of output, and aws:executeScript a 100 KB payload,
    so findings are capped by -MaxFindings, and the worst come first. Credentials are never written.
.PARAMETER SnapshotPath
    A snapshot file to diagnose offline.
.PARAMETER LoadBalancerName
    The name of the load balancer to diagnose live.
.PARAMETER LoadBalancerArn
    The ARN of the load balancer to diagnose live.
.PARAMETER Region
    AWS Region for a live diagnosis; the AWS Tools or CLI defaults otherwise (on EC2: the instance's Region
    through instance metadata).
.PARAMETER ProfileName
    A named AWS credentials profile for a live diagnosis.
.PARAMETER EndpointUrl
    An AWS endpoint to call instead of the public one (a VPC endpoint, or a local emulator in tests).
.PARAMETER AutomationCredentialName
    Azure Automation: the name of a credential asset whose user name is the AWS access key ID and whose
    password is the secret access key.
.PARAMETER CatalogOnly
    List the documented causes of -StatusCode without looking at any load balancer.
.PARAMETER StatusCode
    The codes to focus on, e.g. 502, 504 or 5XX (from the alarm that started the runbook).
.PARAMETER AccessLogPath
    Access-log files or folders of the load balancer (downloaded from its S3 bucket beforehand): the
    diagnosis then also weighs each cause against the lines (see Invoke-AlbDiagnosis -AccessLogPath).
.PARAMETER AccessLogMinutes
    Live: also weigh the causes against the access logs of the last this many minutes, fetched from the
    load balancer's log bucket (Invoke-AlbDiagnosis -AccessLogFrom; needs s3:ListBucket and s3:GetObject).
.PARAMETER ModulePath
    Where AlbTroubleshoot is: a module name (default, found on PSModulePath) or the path of its manifest.
.PARAMETER OutputFormat
    Json (default) or Text.
.PARAMETER MaxFindings
    At most this many findings (or causes) in the output; the count of the others is reported.
.PARAMETER PassThru
    Return the result as an object instead of printing it and exiting: for aws:executeScript, whose step
    output is the value the script returns.
.PARAMETER ThrowOnProblems
    After printing, throw when the exit code is not 0, instead of exiting with it: Azure Automation does
    not report a runbook's exit code, but marks a job that throws as Failed, which an alert can watch.
.EXAMPLE
    ./Invoke-AlbRunbook.ps1 -SnapshotPath ../502-target-sg.json -OutputFormat Text; $LASTEXITCODE
.EXAMPLE
    ./Invoke-AlbRunbook.ps1 -CatalogOnly -StatusCode 502
#>
[CmdletBinding(DefaultParameterSetName = 'Live')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'Snapshot')]
    [string] $SnapshotPath,

    [Parameter(ParameterSetName = 'Live')]
    [string] $LoadBalancerName,

    [Parameter(ParameterSetName = 'Live')]
    [string] $LoadBalancerArn,

    [Parameter(ParameterSetName = 'Live')]
    [string] $Region,

    [Parameter(ParameterSetName = 'Live')]
    [string] $ProfileName,

    [Parameter(ParameterSetName = 'Live')]
    [string] $EndpointUrl,

    [Parameter(ParameterSetName = 'Live')]
    [string] $AutomationCredentialName,

    [Parameter(Mandatory = $true, ParameterSetName = 'Catalog')]
    [switch] $CatalogOnly,

    [Parameter(Mandatory = $true, ParameterSetName = 'Catalog')]
    [Parameter(ParameterSetName = 'Snapshot')]
    [Parameter(ParameterSetName = 'Live')]
    [string[]] $StatusCode,

    [Parameter(ParameterSetName = 'Snapshot')]
    [Parameter(ParameterSetName = 'Live')]
    [string[]] $AccessLogPath,

    [Parameter(ParameterSetName = 'Live')]
    [ValidateRange(1, 1440)]
    [int] $AccessLogMinutes,

    [string] $ModulePath = 'AlbTroubleshoot',

    [ValidateSet('Json', 'Text')]
    [string] $OutputFormat = 'Json',

    [ValidateRange(1, 500)]
    [int] $MaxFindings = 20,

    [switch] $PassThru,

    [switch] $ThrowOnProblems
)

# Windows PowerShell 5.1 compatible on purpose: no ternary, no ?? or ?., no && or ||.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2

$ExitCodes = @{ Healthy = 0; Catalog = 0; Problems = 1; Unknown = 2; Error = 2 }
$HiddenVerdicts = @('RuledOut', 'NotApplicable', 'NotEvaluated')
# The engine's order (docs/diagnosis.md): Unknown before Possible, because it needs a person.
$VerdictRank = @{ Confirmed = 0; Likely = 1; Unknown = 2; Possible = 3 }

function ConvertTo-FindingSummary($Cause) {
    [ordered]@{
        StatusCode  = $Cause.StatusCode
        Id          = $Cause.Id
        Verdict     = $Cause.Verdict
        Title       = $Cause.Title
        Evidence    = @($Cause.Evidence)
        Remediation = $Cause.Remediation
        Reference   = $Cause.Reference
    }
}

function Get-CatalogResult {
    $causes = @(Get-AlbErrorCause -StatusCode $StatusCode)
    $listed = @($causes | Select-Object -First $MaxFindings | ForEach-Object {
            [ordered]@{ StatusCode = $_.StatusCode; Id = $_.Id; Side = $_.Side; Title = $_.Title; Check = $_.Check; Remediation = $_.Remediation; Reference = $_.Reference }
        })
    [ordered]@{
        Status = 'Catalog'; StatusReason = 'The documented causes of ' + ($StatusCode -join ', ') + '; no load balancer was looked at.'
        MissingSections = @(); StatusCodes = @($StatusCode); Causes = $listed; Omitted = $causes.Count - $listed.Count
    }
}

function Get-DiagnosisParameter {
    $p = @{}
    if ($StatusCode) { $p.StatusCode = $StatusCode }
    if ($AccessLogPath) { $p.AccessLogPath = $AccessLogPath }
    if ($AccessLogMinutes) { $p.AccessLogFrom = [datetime]::UtcNow.AddMinutes(-$AccessLogMinutes) }
    if ($PSCmdlet.ParameterSetName -eq 'Snapshot') {
        $p.Snapshot = (Resolve-Path -LiteralPath $SnapshotPath).ProviderPath
        return $p
    }
    if ($LoadBalancerArn) { $p.LoadBalancerArn = $LoadBalancerArn }
    elseif ($LoadBalancerName) { $p.Name = $LoadBalancerName }
    else { throw 'Say which load balancer: -LoadBalancerName or -LoadBalancerArn (or -SnapshotPath, or -CatalogOnly).' }
    if ($Region) { $p.Region = $Region }
    if ($ProfileName) { $p.ProfileName = $ProfileName }
    if ($EndpointUrl) { $p.EndpointUrl = $EndpointUrl }
    if ($AutomationCredentialName) {
        # Azure Automation: the credential asset holds the access key ID as user name, the secret as password.
        $credential = Get-AutomationPSCredential -Name $AutomationCredentialName
        $p.AccessKey = $credential.UserName
        $p.SecretKey = $credential.GetNetworkCredential().Password
    }
    $p
}

function Get-DiagnosisResult {
    $parameters = Get-DiagnosisParameter
    $diagnoses = @(Invoke-AlbDiagnosis @parameters)
    if ($diagnoses.Count -eq 0) { throw 'Invoke-AlbDiagnosis returned no diagnosis: no load balancer matched.' }
    $statuses = @($diagnoses | ForEach-Object { [string]$_.Status })
    $status = 'Healthy'
    if ($statuses -contains 'Unknown') { $status = 'Unknown' }
    if ($statuses -contains 'Problems') { $status = 'Problems' }
    # Why: the reasons of the load balancers that decided the overall status, each named.
    $deciding = @($diagnoses | Where-Object { [string]$_.Status -eq $status })
    $reasons = @($deciding | ForEach-Object { '{0}: {1}' -f $_.LoadBalancerName, $_.StatusReason })
    $missing = @($diagnoses | ForEach-Object { @($_.MissingSections) } | Where-Object { $_ } | Sort-Object -Unique)
    $loadBalancers = foreach ($d in $diagnoses) {
        # Most certain first; within a verdict, the diagnosis's own order (Sort-Object is not stable in 5.1).
        $visible = @($d.Findings | Where-Object { $HiddenVerdicts -notcontains $_.Verdict })
        $order = for ($i = 0; $i -lt $visible.Count; $i++) { [pscustomobject]@{ Rank = $VerdictRank[[string]$visible[$i].Verdict]; Index = $i } }
        $shown = @($order | Sort-Object Rank, Index | Select-Object -First $MaxFindings | ForEach-Object { $visible[$_.Index] })
        $all = $visible.Count
        [ordered]@{
            LoadBalancerName = $d.LoadBalancerName
            LoadBalancerArn  = $d.LoadBalancerArn
            Status           = [string]$d.Status
            StatusReason     = [string]$d.StatusReason
            MissingSections  = @($d.MissingSections | Where-Object { $_ })
            Findings         = @($shown | ForEach-Object { ConvertTo-FindingSummary $_ })
            Omitted          = $all - $shown.Count
        }
    }
    [ordered]@{ Status = $status; StatusReason = ($reasons -join ' '); MissingSections = $missing; LoadBalancers = @($loadBalancers) }
}

function Format-Text($Result) {
    "Status: $($Result.Status) (exit code $($Result.ExitCode))"
    if ($Result.Status -ne 'Error' -and $Result.StatusReason) { "Why: $($Result.StatusReason)" }
    if ($Result.Contains('MissingSections') -and @($Result.MissingSections).Count -gt 0) { "Missing sections: $(@($Result.MissingSections) -join ', ')" }
    if ($Result.Contains('Message')) { "Error: $($Result.Message)" }
    if ($Result.Contains('Causes')) {
        foreach ($c in $Result.Causes) { "$($c.StatusCode) $($c.Id) [$($c.Side)] $($c.Title)"; "    Check: $($c.Check)" }
    }
    if ($Result.Contains('LoadBalancers')) {
        foreach ($lb in $Result.LoadBalancers) {
            "$($lb.LoadBalancerName): $($lb.Status) - $($lb.StatusReason)"
            foreach ($f in $lb.Findings) {
                "  [$($f.Verdict)] $($f.StatusCode) $($f.Id): $($f.Title)"
                foreach ($e in $f.Evidence) { "      $e" }
            }
            if ($lb.Omitted -gt 0) { "  ... and $($lb.Omitted) more findings" }
        }
    }
}

try {
    # A path is taken relative to the current folder; a bare name is looked up on PSModulePath.
    if (Test-Path -LiteralPath $ModulePath) { $ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }
    Import-Module $ModulePath -ErrorAction Stop
    if ($PSCmdlet.ParameterSetName -eq 'Catalog') { $result = Get-CatalogResult }
    else { $result = Get-DiagnosisResult }
}
catch {
    # One line a person can act on; the stable error ID for alerts. Never the parameters (they may hold keys).
    $result = [ordered]@{ Status = 'Error'; StatusReason = $_.Exception.Message; MissingSections = @(); Message = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId }
}
$result.ExitCode = $ExitCodes[$result.Status]

if ($PassThru) { return $result }
if ($OutputFormat -eq 'Text') { Format-Text $result | Write-Output }
else { $result | ConvertTo-Json -Depth 6 | Write-Output }
if ($ThrowOnProblems -and $result.ExitCode -ne 0) { throw "AlbTroubleshoot: status $($result.Status) (exit code $($result.ExitCode))." }
exit $result.ExitCode
