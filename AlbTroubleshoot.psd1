@{
    RootModule           = 'AlbTroubleshoot.dll'
    # build.ps1 stamps the version from Directory.Build.props into the copy it ships.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c7a51-3b7e-4f4e-9a39-2b1f5d0e8c41'
    Author               = 'AlbTroubleshoot contributors'
    CompanyName          = 'AlbTroubleshoot contributors'
    Copyright            = '(c) AlbTroubleshoot contributors. MIT License.'
    Description          = 'Explains why an AWS Application Load Balancer returns an HTTP 4XX/5XX: the documented causes of each code, and the security-group rule, network-ACL entry, attribute, target or access-log line behind it. Works with AWS Tools for PowerShell or the AWS CLI, and offline from snapshot files.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    RequiredAssemblies   = @('AlbTroubleshoot.Core.dll')
    FormatsToProcess     = @('AlbTroubleshoot.Format.ps1xml')
    TypesToProcess       = @('AlbTroubleshoot.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-AlbErrorCause'
        'Get-AlbAccessLog'
        'Measure-AlbAccessLog'
        'Test-AlbNaclEphemeral'
        'Get-AlbSnapshot'
        'Export-AlbSnapshot'
        'Invoke-AlbDiagnosis'
        'ConvertTo-AlbReport'
        'Test-AlbTargetReachability'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'ALB', 'ElasticLoadBalancing', 'ELB', 'LoadBalancer', 'Troubleshooting', 'Diagnostics', 'HTTP', '502', '503', '504', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/albtroubleshoot/AlbTroubleshoot'
            ReleaseNotes = 'See README.md.'
        }
    }
}
