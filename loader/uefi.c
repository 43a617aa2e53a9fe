// The UEFI side of the loader: the PE entry point and one small wrapper per boot service the Swift code uses.
#include <efi.h>
#include "shims.h"

static EFI_HANDLE image_handle;
static EFI_SYSTEM_TABLE *system_table;
static EFI_BOOT_SERVICES *boot_services;
static EFI_FILE_HANDLE boot_volume;

extern walos_status walos_loader_main(void);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *table) {
    image_handle = image;
    system_table = table;
    boot_services = table->BootServices;
    return walos_loader_main();
}

void walos_print(const char *text, size_t length) {
    CHAR16 chunk[128];
    size_t used = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') chunk[used++] = L'\r';
        chunk[used++] = (c < 0x80) ? c : L'?';
        if (used >= 120 || i + 1 == length) {
            chunk[used] = 0;
            uefi_call_wrapper(system_table->ConOut->OutputString, 2, system_table->ConOut, chunk);
            used = 0;
        }
    }
}

void walos_stall(uint64_t microseconds) { uefi_call_wrapper(boot_services->Stall, 1, microseconds); }

walos_status walos_open_boot_volume(void) {
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID file_system_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_LOADED_IMAGE *loaded_image;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *file_system;
    EFI_STATUS status = uefi_call_wrapper(boot_services->HandleProtocol, 3, image_handle, &loaded_image_guid,
                                          (void **)&loaded_image);
    if (EFI_ERROR(status)) return status;
    status = uefi_call_wrapper(boot_services->HandleProtocol, 3, loaded_image->DeviceHandle, &file_system_guid,
                               (void **)&file_system);
    if (EFI_ERROR(status)) return status;
    return uefi_call_wrapper(file_system->OpenVolume, 2, file_system, &boot_volume);
}

walos_status walos_file_open(const char *path, void **file) {
    CHAR16 wide[256];
    size_t i = 0;
    for (; path[i] != 0 && i + 1 < sizeof wide / sizeof wide[0]; i++) wide[i] = (unsigned char)path[i];
    wide[i] = 0;
    EFI_FILE_HANDLE handle;
    EFI_STATUS status = uefi_call_wrapper(boot_volume->Open, 5, boot_volume, &handle, wide, EFI_FILE_MODE_READ, 0);
    if (!EFI_ERROR(status)) *file = handle;
    return status;
}

walos_status walos_file_size(void *file, uint64_t *size) {
    EFI_FILE_HANDLE handle = file;
    EFI_GUID info_guid = EFI_FILE_INFO_ID;
    // EFI_FILE_INFO ends with the file name; 512 bytes hold any name on the walos ESP.
    union { EFI_FILE_INFO info; uint8_t bytes[512]; } buffer;
    UINTN length = sizeof buffer;
    EFI_STATUS status = uefi_call_wrapper(handle->GetInfo, 4, handle, &info_guid, &length, &buffer);
    if (!EFI_ERROR(status)) *size = buffer.info.FileSize;
    return status;
}

walos_status walos_file_read(void *file, void *buffer, uint64_t *size) {
    EFI_FILE_HANDLE handle = file;
    UINTN length = *size;
    EFI_STATUS status = uefi_call_wrapper(handle->Read, 3, handle, &length, buffer);
    *size = length;
    return status;
}

void walos_file_close(void *file) {
    EFI_FILE_HANDLE handle = file;
    uefi_call_wrapper(handle->Close, 1, handle);
}

walos_status walos_allocate_pages(uint32_t allocate_type, uint32_t memory_type, uint64_t pages, uint64_t *address) {
    EFI_PHYSICAL_ADDRESS physical = *address;
    EFI_STATUS status = uefi_call_wrapper(boot_services->AllocatePages, 4, (EFI_ALLOCATE_TYPE)allocate_type,
                                          (EFI_MEMORY_TYPE)memory_type, pages, &physical);
    *address = physical;
    return status;
}

walos_status walos_free_pages(uint64_t address, uint64_t pages) {
    return uefi_call_wrapper(boot_services->FreePages, 2, address, pages);
}

walos_status walos_allocate_pool(uint64_t size, void **buffer) {
    return uefi_call_wrapper(boot_services->AllocatePool, 3, EfiLoaderData, size, buffer);
}

void walos_free_pool(void *buffer) { uefi_call_wrapper(boot_services->FreePool, 1, buffer); }

static EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;

walos_status walos_gop_locate(uint32_t *mode_count) {
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    EFI_STATUS status = uefi_call_wrapper(boot_services->LocateProtocol, 3, &gop_guid, NULL, (void **)&gop);
    if (EFI_ERROR(status)) return status;
    *mode_count = gop->Mode->MaxMode;
    return EFI_SUCCESS;
}

static void copy_mode(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *from, struct walos_gop_mode *to) {
    to->width = from->HorizontalResolution;
    to->height = from->VerticalResolution;
    to->pixel_format = from->PixelFormat;
    to->pixels_per_scan_line = from->PixelsPerScanLine;
    to->red_mask = from->PixelInformation.RedMask;
    to->green_mask = from->PixelInformation.GreenMask;
    to->blue_mask = from->PixelInformation.BlueMask;
}

walos_status walos_gop_query(uint32_t mode, struct walos_gop_mode *info) {
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mode_info;
    UINTN size;
    EFI_STATUS status = uefi_call_wrapper(gop->QueryMode, 4, gop, mode, &size, &mode_info);
    if (EFI_ERROR(status)) return status;
    copy_mode(mode_info, info);
    uefi_call_wrapper(boot_services->FreePool, 1, mode_info);
    return EFI_SUCCESS;
}

walos_status walos_gop_set(uint32_t mode) { return uefi_call_wrapper(gop->SetMode, 2, gop, mode); }

void walos_gop_framebuffer(uint64_t *base, uint64_t *size, struct walos_gop_mode *info) {
    *base = gop->Mode->FrameBufferBase;
    *size = gop->Mode->FrameBufferSize;
    copy_mode(gop->Mode->Info, info);
}

static uint64_t configuration_table(EFI_GUID guid) {
    for (UINTN i = 0; i < system_table->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *entry = &system_table->ConfigurationTable[i];
        const uint8_t *a = (const uint8_t *)&entry->VendorGuid, *b = (const uint8_t *)&guid;
        int same = 1;
        for (unsigned j = 0; j < sizeof(EFI_GUID); j++) same &= a[j] == b[j];
        if (same) return (uint64_t)(UINTN)entry->VendorTable;
    }
    return 0;
}

uint64_t walos_acpi20_rsdp(void) { return configuration_table((EFI_GUID)ACPI_20_TABLE_GUID); }
uint64_t walos_acpi10_rsdp(void) { return configuration_table((EFI_GUID)ACPI_TABLE_GUID); }

walos_status walos_get_memory_map(uint64_t *map_size, void *map, uint64_t *map_key, uint64_t *descriptor_size,
                                  uint32_t *descriptor_version) {
    UINTN size = *map_size, key = 0, stride = 0;
    UINT32 version = 0;
    EFI_STATUS status = uefi_call_wrapper(boot_services->GetMemoryMap, 5, &size, map, &key, &stride, &version);
    *map_size = size;
    *map_key = key;
    *descriptor_size = stride;
    *descriptor_version = version;
    return status;
}

walos_status walos_exit_boot_services(uint64_t map_key) {
    return uefi_call_wrapper(boot_services->ExitBootServices, 2, image_handle, map_key);
}
