# Module manifest for Mayros (Mayros.PowerShell).
# ModuleVersion and Prerelease are stamped by the build from Directory.Build.props, the only version number;
# the staged manifest is out/Mayros/<version>/Mayros.psd1.
@{
    RootModule             = 'Mayros.PowerShell.dll'
    ModuleVersion          = '0.0.0'
    GUID                   = '5b0d8e43-6f0a-4b7e-9d3c-2f6a1c8e7b41'
    Author                 = 'Mayros.PowerShell maintainers'
    CompanyName            = 'Mayros.PowerShell maintainers'
    Copyright              = '(c) Mayros.PowerShell maintainers. MIT License.'
    Description            = 'Checkpoint, fork and rewind Mayros agent sessions stored in AIngle Cortex, from PowerShell pipelines: the mayros session command as typed cmdlets.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport        = @(
        'Get-MayrosSession'
        'Add-MayrosSessionEvent'
        'New-MayrosCheckpoint'
        'New-MayrosFork'
        'Invoke-MayrosRewind'
        'Get-MayrosFork'
        'Get-MayrosCheckpoint'
        'Undo-MayrosRewind'
        'Get-MayrosSessionEvent'
        'Compare-MayrosSession'
        'Remove-MayrosSession'
        'Remove-MayrosCheckpoint'
        'Export-MayrosSession'
        'Import-MayrosSession'
        'Connect-MayrosCortex'
        'Disconnect-MayrosCortex'
        'Get-MayrosConnection'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    TypesToProcess         = @('Mayros.Types.ps1xml')
    FormatsToProcess       = @('Mayros.Format.ps1xml')
    PrivateData            = @{
        PSData = @{
            Tags         = @('Mayros', 'Cortex', 'AIngle', 'Agents', 'Sessions', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/mayros/Mayros.PowerShell'
            LicenseUri   = 'https://github.com/mayros/Mayros.PowerShell/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/mayros/Mayros.PowerShell/blob/main/CHANGELOG.md'
            Prerelease   = ''
        }
    }
}
