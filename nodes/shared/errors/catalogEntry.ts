/** One row of an error table. `retryable`: can the very same request succeed if sent again later? */
export interface ErrorCatalogEntry {
	code: number;
	title: string;
	meaning: string;
	fix: string;
	retryable: boolean;
}

export interface ApiErrorEntry extends ErrorCatalogEntry {
	httpStatus?: number;
}

export interface DeliveryErrorEntry extends ErrorCatalogEntry {
	/** Which table of the delivery-error-codes page the code comes from. */
	group: 'general' | 'whatsapp';
	metaCode?: number;
}

export interface HttpStatusEntry {
	status: number;
	title: string;
	meaning: string;
	fix: string;
	retryable: boolean;
}
